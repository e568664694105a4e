"""Forms of the project settings pages. They check the input's shape; the rules live in services.py.

Plain forms, not model forms: a model form would write the input onto the instance before the
service compares old and new values (e.g. "is this the last open phase?").
"""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from opportune.core.colours import Colour
from opportune.core.forms import Form, MultiLineCharField, SingleLineCharField
from opportune.core.money import Currency

from .builtin_fields import KEYS as BUILT_IN_KEYS
from .models import CustomField, FieldType, Phase, PhaseKind, key_validator


class PhaseForm(Form):
    name = SingleLineCharField(label=_("Name"), max_length=60)
    colour = forms.ChoiceField(label=_("Colour"), choices=Colour.choices, initial=Colour.BLUE)
    default_probability = forms.IntegerField(
        label=_("Default probability (%)"), min_value=0, max_value=100, initial=0
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseKind.choices, initial=PhaseKind.OPEN)


class PhaseStepForm(Form):
    """One step up or down in the order: the keyboard's way to reorder phases and fields."""

    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class PhaseOrderForm(Form):
    """The new order as comma-separated phase ids, as the drag-and-drop script sends it."""

    order = SingleLineCharField(max_length=10_000)

    def clean_order(self) -> list[int]:
        try:
            return [int(item) for item in self.cleaned_data["order"].split(",") if item.strip()]
        except ValueError:
            raise forms.ValidationError(_("The order could not be read.")) from None


class PhaseRemoveForm(Form):
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


class CategoryForm(Form):
    name = SingleLineCharField(label=_("Name"), max_length=60)


def suggested_key(label: str) -> str:
    """A key from the label: "Lead source" → `lead_source` (lower case, underscores)."""
    key = slugify(label).replace("-", "_").strip("_")
    if not key or not key[0].isalpha():
        key = f"field_{key}".rstrip("_")
    return key[:40].rstrip("_")


class CustomFieldForm(Form):
    label = SingleLineCharField(label=_("Label"), max_length=60)
    key = SingleLineCharField(
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
    options = MultiLineCharField(
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
        # A built-in field's key is taken too: "Owner" becomes `owner_2`, not an error at a
        # key the admin left empty.
        taken = BUILT_IN_KEYS | set(
            CustomField.objects.in_workspace(self.workspace)
            .exclude(pk=getattr(self.field, "pk", None))
            .values_list("key", flat=True)
        )
        candidate, number = key, 2
        while candidate in taken:
            suffix = f"_{number}"
            candidate, number = key[: 40 - len(suffix)] + suffix, number + 1
        return candidate


class OptionForm(Form):
    """Adds an option, or renames `option`: each rename input says which option it renames."""

    label = SingleLineCharField(label=_("New option"), max_length=100)

    def __init__(self, *args, option=None, **kwargs):
        super().__init__(*args, **kwargs)
        if option is not None:
            self.fields["label"].label = _("Option “%(option)s”") % {"option": option.label}
