"""Forms of the opportunity page's panels: organization, members and in-place properties."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.contacts import services as contact_services
from opportune.contacts.models import Contact, Influence, Personality
from opportune.core.forms import (
    Form,
    ModelForm,
    MultiLineCharField,
    SingleLineCharField,
    SingleLineURLField,
)
from opportune.opportunities.forms import OpportunityForm
from opportune.opportunities.models import Attitude
from opportune.organizations.models import Organization

# Right-column properties editable in place, and the form fields each one edits.
PROPERTIES = {
    "status": ["status"],
    "phase": ["phase"],
    "owner": ["owner"],
    "category": ["category"],
    "description": ["description"],
    "tags": ["tags"],
    "probability": ["probability"],
    "source": ["source"],
    "value": ["expected_value", "currency"],
    "expected_close_on": ["expected_close_on"],
}


def property_form(name: str, *, opportunity, workspace, data=None) -> OpportunityForm | None:
    """The opportunity form cut down to one property (or one custom field `cf_<key>`)."""
    form = OpportunityForm(data, instance=opportunity, workspace=workspace)
    keep = PROPERTIES.get(name) or ([name] if name.startswith("cf_") else [])
    if not keep or not all(field in form.fields for field in keep):
        return None
    for field in list(form.fields):
        if field not in keep and field != "version":
            del form.fields[field]
    form.property_name = name
    return form


class OrganizationPanelForm(ModelForm):
    website = SingleLineURLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["street", "postcode", "city", "country", "email", "phone", "website"]


class OpportunityMemberForm(Form):
    """Add a member to an opportunity: pick a contact of the organization, or describe a new one."""

    contact = forms.ModelChoiceField(
        label=_("Existing contact"), queryset=Contact.objects.none(), required=False
    )
    attitude = forms.ChoiceField(
        label=_("Attitude"), choices=Attitude.choices, initial=Attitude.NEUTRAL
    )
    degree = SingleLineCharField(label=_("Academic degree"), max_length=40, required=False)
    first_name = SingleLineCharField(label=_("First name"), max_length=100, required=False)
    last_name = SingleLineCharField(label=_("Last name"), max_length=100, required=False)
    department = SingleLineCharField(label=_("Department"), max_length=100, required=False)
    position = SingleLineCharField(label=_("Position"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = SingleLineCharField(label=_("Phone"), max_length=50, required=False)
    mailing_address = MultiLineCharField(
        label=_("Mailing address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    influence = forms.ChoiceField(
        label=_("Influence"), choices=Influence.choices, initial=Influence.MEDIUM
    )
    personality = forms.ChoiceField(
        label=_("Personality"), choices=[("", "—"), *Personality.choices], required=False
    )

    # A new contact is described by the same fields as on the contact form.
    NEW_CONTACT_FIELDS = contact_services.FIELDS

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        taken = opportunity.members.values("contact")
        self.fields["contact"].queryset = (
            Contact.objects.in_workspace(opportunity.workspace_id)
            .alive()
            .filter(organization=opportunity.organization_id)
            .exclude(pk__in=taken)
        )
        self.fields["contact"].error_messages["invalid_choice"] = _(
            "Choose a contact of this organization."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact") and not cleaned.get("last_name"):
            self.add_error(
                "last_name", _("Pick an existing contact, or enter at least a last name.")
            )
        return cleaned

    def new_contact(self) -> dict | None:
        if self.cleaned_data.get("contact"):
            return None
        return {name: self.cleaned_data[name] for name in self.NEW_CONTACT_FIELDS}


class MemberAttitudeForm(Form):
    attitude = forms.ChoiceField(label=_("Attitude"), choices=Attitude.choices)
