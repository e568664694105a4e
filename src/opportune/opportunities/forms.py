from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import IdsMultipleChoiceField
from opportune.core.numbers import LocalizedDecimalField
from opportune.organizations.models import Organization
from opportune.tags.models import Tag
from opportune.workspaces.selectors import members_of

from . import custom_values
from .fields import CustomField, CustomFieldOption, form_field_for
from .models import Category, Opportunity, Phase, Status

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


class OpportunityForm(forms.ModelForm):
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
        fields["owner"].queryset = members_of(workspace)
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
        options = CustomFieldOption.objects.in_workspace(workspace)
        users = members_of(workspace)
        for field in self.custom_fields:
            fields[f"cf_{field.key}"] = form_field_for(
                field, options=options.filter(field=field), users=users
            )
        if self.instance.pk and not self.is_bound:
            self.initial.update(custom_values.initial_for(self.instance, self.custom_fields))

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


class PhaseMoveForm(forms.Form):
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), empty_label=None)
    version = version_field()

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.in_workspace(workspace)
        self.fields["phase"].error_messages["invalid_choice"] = _(
            "Choose a phase of this workspace."
        )


class LoseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why was it lost?"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Reason (optional)")}),
    )
    version = version_field()


class VersionForm(forms.Form):
    version = version_field()


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Phase.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "---------"), *Status.choices], required=False
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.in_workspace(workspace)
