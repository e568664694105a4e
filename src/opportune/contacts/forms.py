from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import Form, SingleLineCharField, model_formfield

from .models import Contact, Personality
from .services import FIELDS


def _model_field(name: str, **kwargs):
    """The form field of a model field: same label, length limit, choices and validators."""
    return model_formfield(Contact._meta.get_field(name), **kwargs)


class ContactForm(Form):
    """Everything a person may type about a contact; contact_create/update check it again."""

    degree = _model_field("degree", widget=forms.TextInput(attrs={"placeholder": _("e.g. Dr.")}))
    first_name = _model_field("first_name")
    last_name = _model_field("last_name")
    department = _model_field("department")
    position = _model_field("position")
    email = _model_field("email")
    phone = _model_field("phone", widget=forms.TelInput)
    mailing_address = _model_field("mailing_address", widget=forms.Textarea(attrs={"rows": 3}))
    influence = _model_field("influence")
    personality = _model_field(
        "personality",
        choices=[("", _("Not known")), *Personality.choices],
        help_text=_("DISC style: how this person prefers to communicate."),
    )

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {name: getattr(contact, name) for name in FIELDS}


class ContactSearchForm(Form):
    q = SingleLineCharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, e-mail or organization")}),
    )

    def value(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("q", "")
