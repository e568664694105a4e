from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import (
    Form,
    IdsMultipleChoiceField,
    SingleLineCharField,
    model_formfield,
)
from opportune.tags.models import Tag

from .models import Organization


def _model_field(name: str, **kwargs):
    """The form field of a model field: same label, length limit and validators."""
    return model_formfield(Organization._meta.get_field(name), **kwargs)


class OrganizationForm(Form):
    """What a person may type about an organization; the services check the rest (keys)."""

    name = _model_field("name")
    key = SingleLineCharField(
        label=_("Key"),
        required=False,
        max_length=6,
        error_messages={
            "max_length": _("Use 2 to 6 capital letters or digits, starting with a letter.")
        },
        help_text=_(
            "2 to 6 capital letters or digits, e.g. BION. Leave it empty and we propose one."
        ),
        widget=forms.TextInput(attrs={"class": "key-input", "autocapitalize": "characters"}),
    )
    # The key the page proposed last: a key equal to it was not typed by the person.
    key_proposed = SingleLineCharField(required=False, widget=forms.HiddenInput)
    street = _model_field("street")
    postcode = _model_field("postcode")
    city = _model_field("city")
    country = _model_field("country")
    email = _model_field("email")
    phone = _model_field("phone", widget=forms.TelInput)
    website = _model_field("website", assume_scheme="https")
    tags = IdsMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, workspace, key_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.in_workspace(workspace)
        if self.initial.get("key"):
            self.fields["key"].help_text = _(
                "2 to 6 capital letters or digits, e.g. BION. Leave it empty to keep the "
                "current key."
            )
        if key_url:
            # While typing the name, ask for a key proposal (see the view organization_key).
            self.fields["name"].widget.attrs.update(
                {
                    "hx-get": key_url,
                    "hx-trigger": "input changed delay:300ms",
                    "hx-include": "#key-field",
                    "hx-target": "#key-field",
                    "hx-swap": "outerHTML",
                    "hx-sync": "this:replace",
                    "autofocus": True,
                }
            )

    @classmethod
    def initial_for(cls, organization: Organization) -> dict:
        names = [name for name in cls.base_fields if name not in ("key_proposed", "tags")]
        initial = {name: getattr(organization, name) for name in names}
        initial["tags"] = list(organization.tags.all())
        return initial

    def organization_fields(self) -> dict:
        """The cleaned values as the services take them."""
        fields = dict(self.cleaned_data)
        fields.pop("key_proposed", None)
        return fields


class OrganizationFilterForm(Form):
    """The list's search, tag filter and sort; wrong values are ignored, not shown as errors."""

    q = SingleLineCharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, key or city")}),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.none(), required=False, empty_label=_("All tags")
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.in_workspace(workspace)

    def value(self, name: str):
        self.is_valid()  # cleaned_data keeps the valid fields even when another one is wrong
        return self.cleaned_data.get(name)
