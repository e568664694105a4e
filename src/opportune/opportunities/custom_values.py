"""Reading and writing custom field values (pipeline/fields.py: their storage and validation)."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from opportune.core.money import format_money
from opportune.pipeline.fields import COLUMN, is_empty
from opportune.pipeline.models import CustomField, FieldType
from opportune.workspaces.models import Membership

from .models import CustomFieldValue


def store(opportunity, values: dict[CustomField, object]) -> bool:
    """Replace the stored values of the given fields with already validated ones.

    Returns True when anything changed. Runs inside the caller's transaction.
    """
    _check_references(opportunity.workspace_id, values)
    changed = False
    current = _rows_by_field(opportunity, values.keys())
    for field, value in values.items():
        rows = current.get(field.pk, [])
        if _same(field, rows, value):
            continue
        changed = True
        CustomFieldValue.objects.filter(opportunity=opportunity, field=field).delete()
        if is_empty(value) or (field.type == FieldType.CHECKBOX and value is False):
            continue
        column = COLUMN[FieldType(field.type)]
        items = list(value) if field.type == FieldType.MULTI_SELECT else [value]
        CustomFieldValue.objects.bulk_create(
            CustomFieldValue(
                workspace_id=opportunity.workspace_id,
                opportunity=opportunity,
                field=field,
                **{column: item},
            )
            for item in items
        )
    return changed


def _check_references(workspace_id, values: dict[CustomField, object]) -> None:
    """Fields, options and users must be the workspace's own. Forms offer only those, but the
    API, imports and commands call the services directly. Errors name the form field."""
    users = {value.pk for field, value in values.items() if field.type == FieldType.USER and value}
    members = set(
        Membership.objects.filter(workspace_id=workspace_id, user__in=users).values_list(
            "user_id", flat=True
        )
        if users
        else ()
    )
    errors = {}
    for field, value in values.items():
        if field.workspace_id != workspace_id:
            errors[f"cf_{field.key}"] = _("Choose a custom field of this workspace.")
        elif field.is_select and any(
            option.field_id != field.pk or option.workspace_id != workspace_id
            for option in _options(field, value)
        ):
            errors[f"cf_{field.key}"] = _("Choose an option of “%(field)s”.") % {
                "field": field.label
            }
        elif field.type == FieldType.USER and value and value.pk not in members:
            errors[f"cf_{field.key}"] = _("Choose a member of this workspace.")
    if errors:
        raise ValidationError(errors)


def _options(field, value) -> list:
    if field.type == FieldType.MULTI_SELECT:
        return list(value or [])
    return [value] if value else []


def _rows_by_field(opportunity, fields) -> dict[int, list[CustomFieldValue]]:
    rows = defaultdict(list)
    rows_of_fields = CustomFieldValue.objects.filter(
        opportunity=opportunity, field__in=[f.pk for f in fields]
    ).select_related("option", "user")
    for row in rows_of_fields.order_by("option__position", "pk"):
        rows[row.field_id].append(row)
    return rows


def _stored(field, rows):
    column = COLUMN[FieldType(field.type)]
    if field.type == FieldType.MULTI_SELECT:
        return {row.option_id for row in rows}
    if not rows:
        return False if field.type == FieldType.CHECKBOX else None
    row = rows[0]
    if column in ("option", "user"):
        return getattr(row, f"{column}_id")
    return getattr(row, column)


def _same(field, rows, value) -> bool:
    stored = _stored(field, rows)
    if field.type == FieldType.MULTI_SELECT:
        return stored == {option.pk for option in (value or [])}
    if field.type in (FieldType.SINGLE_SELECT, FieldType.USER):
        return stored == (value.pk if value is not None else None)
    if field.type == FieldType.CHECKBOX:
        return bool(stored) == bool(value)
    if is_empty(value):
        return stored in (None, "")
    return stored == value


def initial_for(opportunity, fields) -> dict[str, object]:
    """Form initial values (`cf_<key>`) for an opportunity's custom fields."""
    rows = _rows_by_field(opportunity, fields)
    initial = {}
    for field in fields:
        stored = _stored(field, rows.get(field.pk, []))
        if field.type == FieldType.MULTI_SELECT:
            stored = sorted(stored)
        elif isinstance(stored, Decimal):
            stored = _plain(stored)
        initial[f"cf_{field.key}"] = stored
    return initial


def display_values(opportunity, fields) -> list[tuple[CustomField, str]]:
    """(field, readable value) pairs in field order, for the opportunity page."""
    rows = _rows_by_field(opportunity, fields)
    shown = []
    for field in fields:
        field_rows = rows.get(field.pk, [])
        shown.append((field, display(field, field_rows)))
    return shown


def display(field, rows) -> str:
    """How the opportunity page and the list show a field's stored rows (options in order)."""
    if not rows:
        return ""
    match field.type:
        case FieldType.MULTI_SELECT | FieldType.SINGLE_SELECT:
            return ", ".join(row.option.label for row in rows)
        case FieldType.USER:
            return rows[0].user.display_name
        case FieldType.CHECKBOX:
            return "✓" if rows[0].boolean else ""
        case FieldType.DATE:
            return formats.date_format(rows[0].date, "SHORT_DATE_FORMAT")
        case FieldType.PERCENT:
            return f"{formats.number_format(rows[0].number.normalize(), use_l10n=True)} %"
        case FieldType.MONEY:
            return format_money(rows[0].number, field.currency)
        case FieldType.NUMBER:
            return formats.number_format(rows[0].number.normalize(), use_l10n=True)
        case FieldType.LONG_TEXT:
            return rows[0].long_text
    return rows[0].text


def _plain(number: Decimal) -> Decimal:
    """12.5000 -> 12.5 and 100.0000 -> 100, never 1E+2."""
    return Decimal(format(number.normalize(), "f"))
