"""Custom fields: how each type of workspace-defined field is validated and stored.

Values live in one row per (opportunity, field[, option]) with a typed, indexed column per kind
of value, so lists can filter and sort on them on SQLite and PostgreSQL alike (decision 003).
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import (
    IdsMultipleChoiceField,
    MultiLineCharField,
    SingleLineCharField,
    SingleLineURLField,
)
from opportune.core.numbers import LocalizedDecimalField

from .models import CustomField, FieldType

TEXT_MAX = 500
LONG_TEXT_MAX = 10_000
NUMBER_LIMIT = Decimal("1000000000000")  # 10^12: far beyond any deal, far inside the column


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


class HttpURLField(SingleLineURLField):
    default_validators = [
        SingleLineURLField.default_validators[0].__class__(schemes=["http", "https"]),
    ]


def form_field_for(field: CustomField, *, options=None, users=None) -> forms.Field:
    """The Django form field that validates one custom field's input.

    `options` and `users` are querysets (or lists) the caller already scoped to the workspace.
    """
    common = {"label": field.label, "required": field.is_required and field.type != "checkbox"}
    match field.type:
        case FieldType.TEXT:
            return SingleLineCharField(max_length=TEXT_MAX, **common)
        case FieldType.LONG_TEXT:
            return MultiLineCharField(max_length=LONG_TEXT_MAX, **common)
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
