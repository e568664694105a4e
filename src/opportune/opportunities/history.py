"""History rows as sentences in the reader's language."""

from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

from .models import History, Status


def _value(entry: History, which: str) -> str:
    raw, label = getattr(entry, f"{which}_value"), getattr(entry, f"{which}_label")
    if not raw and not label:
        return "—"
    if entry.field == History.Field.STATUS and raw in Status.values:
        return str(Status(raw).label)
    if entry.field == History.Field.EXPECTED_VALUE:
        try:
            return formats.number_format(Decimal(raw), 2, use_l10n=True, force_grouping=True)
        except InvalidOperation:
            return label
    if entry.field == History.Field.PROBABILITY:
        return f"{raw} %"
    return label or raw


def describe(entry: History) -> str:
    who = entry.actor.display_name if entry.actor else _("Someone")
    values = {"actor": who, "old": _value(entry, "old"), "new": _value(entry, "new")}
    match entry.field:
        case History.Field.CREATED:
            return _("%(actor)s created it in %(new)s") % values
        case History.Field.PHASE:
            return _("%(actor)s moved it from %(old)s to %(new)s") % values
        case History.Field.STATUS:
            return _("%(actor)s changed the status from %(old)s to %(new)s") % values
        case History.Field.OWNER:
            return _("%(actor)s handed it from %(old)s to %(new)s") % values
        case History.Field.PROBABILITY:
            return _("%(actor)s changed the closing probability from %(old)s to %(new)s") % values
        case History.Field.EXPECTED_VALUE:
            return _("%(actor)s changed the expected value from %(old)s to %(new)s") % values
    return f"{who}: {entry.field}"
