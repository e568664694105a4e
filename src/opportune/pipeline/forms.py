"""Forms of the project settings pages. They check the input's shape; the rules live in project.py.

Plain forms, not model forms: a model form would write the input onto the instance before the
service compares old and new values (e.g. "is this the last open phase?").
"""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from opportune.core.colours import Colour

from .fields import CustomField, FieldType, key_validator
from .models import Currency, Phase, PhaseKind


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices, initial=Colour.BLUE)
    default_probability = forms.IntegerField(
        label=_("Default probability (%)"), min_value=0, max_value=100, initial=0
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseKind.choices, initial=PhaseKind.OPEN)


class PhaseMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class PhaseOrderForm(forms.Form):
    """The new order as comma-separated phase ids, as the drag-and-drop script sends it."""

    order = forms.CharField()

    def clean_order(self) -> list[int]:
        try:
            return [int(item) for item in self.cleaned_data["order"].split(",") if item.strip()]
        except ValueError:
            raise forms.ValidationError(_("The order could not be read.")) from None


class PhaseRemoveForm(forms.Form):
    move_to = forms.ModelChoiceField(
        label=_("Move its opportunities to"), queryset=Phase.objects.none(), required=False
    )

    def __init__(self, *args, phase: Phase, held: int, **kwargs):
        super().__init__(*args, **kwargs)
        if held:
            self.fields["move_to"].queryset = Phase.objects.in_workspace(
                phase.workspace_id
            ).exclude(pk=phase.pk)
            self.fields["move_to"].required = True
            self.fields["move_to"].empty_label = _("Choose a phase")
        else:
            del self.fields["move_to"]


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)


class TagForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices, initial=Colour.BLUE)


def suggested_key(label: str) -> str:
    """A key from the label: "Lead source" → `lead_source` (lower case, underscores)."""
    key = slugify(label).replace("-", "_").strip("_")
    if not key or not key[0].isalpha():
        key = f"field_{key}".rstrip("_")
    return key[:40].rstrip("_")


class CustomFieldForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60)
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        required=False,
        validators=[key_validator],
        help_text=_("Used in exports and the API. Leave empty to derive it from the label."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    is_required = forms.BooleanField(label=_("Required"), required=False)
    is_shown_in_list = forms.BooleanField(label=_("Shown in the list by default"), required=False)
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=Currency.choices,
        initial=Currency.EUR,
        required=False,
        help_text=_("For money fields."),
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For select fields: one option per line."),
    )

    def __init__(self, *args, workspace, field: CustomField | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace, self.field = workspace, field
        if field is not None:
            # An existing field's options are renamed, added and removed one by one.
            del self.fields["options"]

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("key") and cleaned.get("label") and "key" not in self.errors:
            cleaned["key"] = self._free_key(suggested_key(cleaned["label"]))
        cleaned["currency"] = cleaned.get("currency") or Currency.EUR
        return cleaned

    def _free_key(self, key: str) -> str:
        taken = set(
            CustomField.objects.in_workspace(self.workspace)
            .exclude(pk=getattr(self.field, "pk", None))
            .values_list("key", flat=True)
        )
        candidate, number = key, 2
        while candidate in taken:
            suffix = f"_{number}"
            candidate, number = key[: 40 - len(suffix)] + suffix, number + 1
        return candidate


class OptionForm(forms.Form):
    """Adds an option, or renames `option`: each rename input says which option it renames."""

    label = forms.CharField(label=_("New option"), max_length=100)

    def __init__(self, *args, option=None, **kwargs):
        super().__init__(*args, **kwargs)
        if option is not None:
            self.fields["label"].label = _("Option “%(option)s”") % {"option": option.label}
