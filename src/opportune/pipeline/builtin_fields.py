"""The opportunity's built-in fields, whose labels and keys no custom field may take.

Two fields named "Source" on one page drift apart, so a custom field may not pose as a built-in
one in either language. The opportunities app (a layer above) owns those fields; its tests check
that this list covers every one of them.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# Each built-in field's label first, then the other names it goes by on the pages.
LABELS = [
    (_("name"),),
    (_("short name"),),
    (_("organization"),),
    (_("category"),),
    (_("status"),),
    (_("phase"),),
    (_("responsible"),),
    (_("description"),),
    (_("tags"),),
    (_("closing probability"), _("probability")),
    (_("source"),),
    (_("expected value"),),
    (_("currency"),),
    (_("expected close date"), _("Expected close")),
    (_("closing date"),),
    (_("lost reason"),),
]

# The opportunity's columns: exports and the API name custom fields by key beside them.
KEYS = frozenset(
    {
        "id",
        "workspace",
        "organization",
        "number",
        "short_name",
        "name",
        "category",
        "status",
        "phase",
        "owner",
        "responsible",
        "description",
        "tags",
        "probability",
        "probability_is_manual",
        "source",
        "expected_value",
        "currency",
        "expected_close_on",
        "closed_on",
        "lost_reason",
        "version",
        "created_by",
        "deleted_at",
        "created_at",
        "updated_at",
        # Copies the opportunity list sorts by.
        "open_task_count",
        "next_reminder_on",
        "last_activity_at",
        "short_name_key",
        "organization_sort_name",
        "phase_position",
    }
)


def _comparable(label: str) -> str:
    # "Closing probability (%)" is the same field as "closing probability".
    return re.sub(r"\s*\(%\)$", "", str(label).strip()).casefold()


def built_in_label(label: str) -> str:
    """The label, in the active language, of the built-in field `label` names in any of the
    site's languages (ignoring case); empty if it names none."""
    wanted = _comparable(label)
    for names in LABELS:
        if any(wanted in _in_every_language(name) for name in names):
            return capfirst(str(names[0]))  # outside the override: the reader's language
    return ""


def _in_every_language(name) -> set[str]:
    comparable = set()
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            comparable.add(_comparable(name))
    return comparable
