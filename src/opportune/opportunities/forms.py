from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import (
    Form,
    IdsMultipleChoiceField,
    ModelForm,
    SingleLineCharField,
    preload_choices,
)
from opportune.core.numbers import LocalizedDecimalField
from opportune.organizations.models import Organization
from opportune.pipeline.fields import form_field_for
from opportune.pipeline.models import Category, CustomField, CustomFieldOption, FieldType, Phase
from opportune.tags.models import Tag
from opportune.workspaces.models import Membership
from opportune.workspaces.selectors import members_of

from . import custom_values
from .models import Opportunity

CORE_FIELDS = [
    "name",
    "organization",
    "category",
    "status",
    "phase",
    "owner",
    "probability",
    "source",
    "expected_value",
    "currency",
    "expected_close_on",
    "tags",
    "description",
]


def version_field():
    """The version the editor's page was loaded at: without it no stale save can be noticed."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("This page is out of date. Reload it and try again."),
            "invalid": _("This page is out of date. Reload it and try again."),
        },
    )


def _people(workspace, kept=()):
    """The workspace's members, and the people in `kept` although they left it (`is_member`
    says which)."""
    memberships = Membership.objects.filter(workspace=workspace)
    return (
        get_user_model()
        .objects.filter(Q(pk__in=members_of(workspace).values("pk")) | Q(pk__in=kept))
        .annotate(is_member=Exists(memberships.filter(user=OuterRef("pk"))))
        .order_by("full_name", "email")
    )


def _person_label(user) -> str:
    if user.is_member:
        return user.display_name
    return gettext("%(name)s (no longer a member)") % {"name": user.display_name}


def _offer_people(field, *, workspace, people, keep) -> None:
    """Offer the members, and `keep` (the field's current person) also after they left the
    workspace: otherwise the select shows nobody chosen and saving the form unchanged would
    clear the value. Only keeping is allowed; a service refuses choosing someone who left."""
    field.queryset = _people(workspace, [keep] if keep else [])
    shown = [person for person in people if person.is_member or person.pk == keep]
    preload_choices(field, shown, label=_person_label)


class OpportunityForm(ModelForm):
    """Create and edit an opportunity, including the workspace's custom fields (`cf_<key>`)."""

    version = version_field()

    class Meta:
        model = Opportunity
        fields = CORE_FIELDS
        widgets = {
            "expected_close_on": forms.DateInput(attrs={"type": "text", "placeholder": ""}),
            "tags": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "probability": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        field_classes = {"tags": IdsMultipleChoiceField}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        fields = self.fields
        fields["organization"].queryset = Organization.objects.in_workspace(workspace).alive()
        fields["organization"].error_messages["invalid_choice"] = _(
            "Choose an organization of this workspace."
        )
        fields["category"].queryset = Category.objects.in_workspace(workspace)
        fields["phase"].queryset = Phase.objects.in_workspace(workspace)
        fields["phase"].error_messages["invalid_choice"] = _("Choose a phase of this workspace.")
        fields["phase"].empty_label = None
        fields["owner"].error_messages["invalid_choice"] = _("Choose a member of this workspace.")
        fields["tags"].queryset = Tag.objects.in_workspace(workspace)
        fields["probability"].required = False
        fields["probability"].help_text = _("Leave empty to use the phase's default.")
        fields["expected_value"] = LocalizedDecimalField(
            label=fields["expected_value"].label,
            required=False,
            min_value=0,
            max_digits=14,
            decimal_places=2,
        )
        fields["expected_close_on"].localize = True
        fields["expected_close_on"].error_messages["invalid"] = _(
            "Enter a valid date, e.g. 16.07.2025 or 2025-07-16."
        )
        if not self.instance.probability_is_manual:
            self.initial["probability"] = None  # empty: follows the phase
        if not fields["tags"].queryset.exists():
            del fields["tags"]
        if self.instance.pk:
            # The organization fixes the short name; it does not change after creation.
            del fields["organization"]
            self.initial.setdefault("version", self.instance.version)
        else:
            del fields["status"]
            fields["version"].required = False  # a new opportunity has no version yet
        self.custom_fields = list(CustomField.objects.in_workspace(workspace))
        # Also when bound: changed_data compares with it, and only changed values are saved.
        current = (
            custom_values.initial_for(self.instance, self.custom_fields) if self.instance.pk else {}
        )
        self.initial.update(current)
        users = [f for f in self.custom_fields if f.type == FieldType.USER]
        kept = {self.instance.owner_id, *(current[f"cf_{f.key}"] for f in users)} - {None}
        people = list(_people(workspace, kept))
        _offer_people(
            fields["owner"], workspace=workspace, people=people, keep=self.instance.owner_id
        )
        # One query for the options of every select field, not one per field.
        selects = [f for f in self.custom_fields if f.is_select]
        options = CustomFieldOption.objects.in_workspace(workspace)
        fetched = list(options.filter(field__in=selects)) if selects else []
        for field in self.custom_fields:
            name = f"cf_{field.key}"
            # The people of a user field are set by _offer_people below.
            fields[name] = form_field_for(field, options=options.filter(field=field), users=None)
            if field.is_select:
                preload_choices(fields[name], [o for o in fetched if o.field_id == field.pk])
            elif field.type == FieldType.USER:
                _offer_people(
                    fields[name], workspace=workspace, people=people, keep=current.get(name)
                )

    def custom_data(self) -> dict:
        """Values of the custom fields this form shows (a cut-down form may show only one)."""
        return {
            field: self.cleaned_data.get(f"cf_{field.key}")
            for field in self.custom_fields
            if f"cf_{field.key}" in self.fields
        }

    def core_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in CORE_FIELDS and name != "tags"
        }

    def custom_bound_fields(self):
        return [self[f"cf_{f.key}"] for f in self.custom_fields if f"cf_{f.key}" in self.fields]


class PhaseMoveForm(Form):
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), empty_label=None)
    version = version_field()

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.in_workspace(workspace)
        self.fields["phase"].error_messages["invalid_choice"] = _(
            "Choose a phase of this workspace."
        )


class LoseForm(Form):
    reason = SingleLineCharField(
        label=_("Why was it lost?"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Reason (optional)")}),
    )
    version = version_field()


class VersionForm(Form):
    version = version_field()
