"""Custom fields: workspace-defined extra properties of opportunities, validated by type.

Values live in one row per (opportunity, field[, option]) with a typed, indexed column per kind
of value, so lists can filter and sort on them on SQLite and PostgreSQL alike (decision 003).
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import IdsMultipleChoiceField
from opportune.core.numbers import LocalizedDecimalField
from opportune.workspaces.models import WorkspaceOwned


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percent")
    MONEY = "money", _("Money")
    DATE = "date", _("Date")
    SINGLE_SELECT = "single_select", _("Single select")
    MULTI_SELECT = "multi_select", _("Multi select")
    CHECKBOX = "checkbox", _("Checkbox")
    URL = "url", _("URL")
    USER = "user", _("User")


SELECT_TYPES = {FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT}
TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
NUMBER_LIMIT = Decimal("1000000000000")  # 10^12: far beyond any deal, far inside the column

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)


class CustomField(WorkspaceOwned):
    label = models.CharField(_("label"), max_length=60)
    key = models.CharField(_("key"), max_length=40, validators=[key_validator])
    type = models.CharField(_("type"), max_length=15, choices=FieldType.choices)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_shown_in_list = models.BooleanField(_("shown in list by default"), default=False)
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="customfield_key_unique"),
            models.UniqueConstraint(fields=["workspace", "label"], name="customfield_label_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES


class CustomFieldOption(WorkspaceOwned):
    """A choice of a select field. Values point at the option, so renaming keeps them."""

    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["field", "label"], name="customfieldoption_unique")
        ]

    def __str__(self):
        return self.label


class CustomFieldValue(WorkspaceOwned):
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", on_delete=models.CASCADE, related_name="custom_values"
    )
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="values")
    text = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    long_text = models.TextField(blank=True, default="")
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    option = models.ForeignKey(
        CustomFieldOption, on_delete=models.CASCADE, null=True, blank=True, related_name="values"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "field"],
                condition=models.Q(option__isnull=True),
                name="customfieldvalue_one_per_field",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "field", "option"],
                condition=models.Q(option__isnull=False),
                name="customfieldvalue_one_per_option",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "field", "text"], name="cfv_ws_text"),
            models.Index(fields=["workspace", "field", "number"], name="cfv_ws_number"),
            models.Index(fields=["workspace", "field", "date"], name="cfv_ws_date"),
            models.Index(fields=["workspace", "field", "boolean"], name="cfv_ws_boolean"),
            models.Index(fields=["workspace", "field", "option"], name="cfv_ws_option"),
            models.Index(fields=["workspace", "field", "user"], name="cfv_ws_user"),
            models.Index(fields=["opportunity", "field"], name="cfv_opportunity"),
        ]


# Which column of CustomFieldValue holds each type.
COLUMN = {
    FieldType.TEXT: "text",
    FieldType.URL: "text",
    FieldType.LONG_TEXT: "long_text",
    FieldType.NUMBER: "number",
    FieldType.PERCENT: "number",
    FieldType.MONEY: "number",
    FieldType.DATE: "date",
    FieldType.CHECKBOX: "boolean",
    FieldType.SINGLE_SELECT: "option",
    FieldType.MULTI_SELECT: "option",
    FieldType.USER: "user",
}


class HttpURLField(forms.URLField):
    default_validators = [
        forms.URLField.default_validators[0].__class__(schemes=["http", "https"]),
    ]


def form_field_for(field: CustomField, *, options=None, users=None) -> forms.Field:
    """The Django form field that validates one custom field's input.

    `options` and `users` are querysets (or lists) the caller already scoped to the workspace.
    """
    common = {"label": field.label, "required": field.is_required and field.type != "checkbox"}
    match field.type:
        case FieldType.TEXT:
            return forms.CharField(max_length=TEXT_MAX, **common)
        case FieldType.LONG_TEXT:
            return forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea, **common)
        case FieldType.NUMBER:
            return LocalizedDecimalField(
                max_digits=15,  # SQLite keeps 15 significant digits
                decimal_places=4,
                min_value=-NUMBER_LIMIT + 1,
                max_value=NUMBER_LIMIT - 1,
                **common,
            )
        case FieldType.PERCENT:
            message = _("Enter a number between 0 and 100.")
            return LocalizedDecimalField(
                min_value=0,
                max_value=100,
                max_digits=6,
                decimal_places=2,
                error_messages={"min_value": message, "max_value": message, "invalid": message},
                **common,
            )
        case FieldType.MONEY:
            return LocalizedDecimalField(
                min_value=0,
                max_value=NUMBER_LIMIT - 1,
                max_digits=14,
                decimal_places=2,
                error_messages={"min_value": _("Enter an amount of 0 or more.")},
                **common,
            )
        case FieldType.DATE:
            return forms.DateField(
                localize=True,
                error_messages={"invalid": _("Enter a valid date, e.g. 16.07.2025 or 2025-07-16.")},
                **common,
            )
        case FieldType.SINGLE_SELECT:
            return forms.ModelChoiceField(queryset=options, **common)
        case FieldType.MULTI_SELECT:
            return IdsMultipleChoiceField(
                queryset=options, widget=forms.CheckboxSelectMultiple, **common
            )
        case FieldType.CHECKBOX:
            return forms.BooleanField(**common)
        case FieldType.URL:
            return HttpURLField(
                max_length=TEXT_MAX,
                assume_scheme="https",
                error_messages={
                    "invalid": _("Enter a web address starting with http:// or https://.")
                },
                **common,
            )
        case FieldType.USER:
            return forms.ModelChoiceField(queryset=users, **common)
    raise ValueError(f"unknown custom field type {field.type!r}")


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or (hasattr(value, "exists") and not value)
