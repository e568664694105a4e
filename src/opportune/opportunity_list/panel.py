"""The opportunity list's filter panel: what it offers to choose, and a summary of the chosen
filter in words. Reads the workspace's phases, members, categories, tags and custom fields in a
fixed number of queries, however many there are."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opportune.opportunities.models import Status
from opportune.organizations.models import Organization
from opportune.pipeline.models import (
    SELECT_TYPES,
    Category,
    CustomField,
    CustomFieldOption,
    FieldType,
    Phase,
)
from opportune.tags.models import Tag
from opportune.workspaces.selectors import members_of

from .filters import ALL_STATUSES, ME, NO, NOBODY, OPEN, RANGE_TYPES, TEXT_TYPES, YES

# Organizations the picker offers before anything is typed; the search finds the others.
ORGANIZATIONS_SHOWN = 50


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    is_chosen: bool


@dataclass(frozen=True)
class ChoiceGroup:
    """Checkboxes sharing a query key, e.g. every phase for `phase`."""

    name: str
    choices: list[Choice]

    @property
    def chosen_count(self) -> int:
        return sum(choice.is_chosen for choice in self.choices)


@dataclass
class FieldFilter:
    """One custom field in the panel: `kind` says which inputs the template shows."""

    field: CustomField
    kind: str  # "choices", "range", "date_range", "checkbox" or "text"
    choices: list[Choice] = field(default_factory=list)
    minimum: str = ""
    maximum: str = ""
    value: str = ""

    @property
    def name(self) -> str:
        return f"cf_{self.field.key}"

    @property
    def chosen_count(self) -> int:
        return sum(choice.is_chosen for choice in self.choices)


def filter_panel(chosen, *, workspace, organization_text="") -> dict:
    """The template context of the panel and of the summary above the list;
    `organization_text` narrows the organizations the picker offers."""
    members = list(members_of(workspace))
    people = [
        Choice(ME, _me(), chosen.owner_me),
        Choice(NOBODY, _("Nobody"), chosen.owner_none),
        *(Choice(str(u.pk), u.display_name, u.pk in chosen.owners) for u in members),
    ]
    phases = list(Phase.objects.in_workspace(workspace))
    categories = list(Category.objects.in_workspace(workspace))
    tags = list(Tag.objects.in_workspace(workspace))
    fields = _field_filters(chosen, workspace, members)
    organizations = _organizations(chosen, workspace, organization_text)
    panel = {
        "phases": ChoiceGroup(
            "phase", [Choice(str(p.pk), p.name, p.pk in chosen.phases) for p in phases]
        ),
        "statuses": ChoiceGroup(
            "status", [Choice(v, str(label), v in chosen.statuses) for v, label in Status.choices]
        ),
        "owners": ChoiceGroup("owner", people),
        "organizations": organizations,
        "chosen_organizations": [o for o in organizations if o.pk in chosen.organizations],
        "categories": ChoiceGroup(
            "category",
            [
                *(Choice(str(c.pk), c.name, c.pk in chosen.categories) for c in categories),
                Choice(NOBODY, _("No category"), chosen.category_none),
            ],
        ),
        "tags": ChoiceGroup("tag", [Choice(str(t.pk), t.name, t.pk in chosen.tags) for t in tags]),
        "fields": fields,
    }
    panel["summary"] = _summary(chosen, panel)
    # The folded panel's button counts what the reader chose; the summary always names a status.
    panel["filter_count"] = len(panel["summary"]) - (chosen.statuses == OPEN)
    panel["more_count"] = (
        sum(
            bool(x)
            for x in (
                chosen.close_from or chosen.close_to,
                chosen.closed_from or chosen.closed_to,
                chosen.created_from or chosen.created_to,
            )
        )
        + int(chosen.overdue)
        + len(chosen.fields)
    )
    return panel


def _me() -> str:
    return pgettext("the reader, in a filter", "Me")


def _organizations(chosen, workspace, text) -> list[Organization]:
    """The first organizations by name matching `text`, and the chosen ones in any case."""
    alive = Organization.objects.in_workspace(workspace).alive().only("pk", "name", "key")
    shown = list(alive.search(text).order_by("name")[:ORGANIZATIONS_SHOWN])
    missing = set(chosen.organizations) - {o.pk for o in shown}
    if missing:
        shown = list(alive.filter(pk__in=missing).order_by("name")) + shown
    return shown


def _field_filters(chosen, workspace, members) -> list[FieldFilter]:
    fields = list(CustomField.objects.in_workspace(workspace))
    selects = [f for f in fields if f.type in SELECT_TYPES]
    options = list(
        CustomFieldOption.objects.in_workspace(workspace).filter(field__in=selects)
        if selects
        else ()
    )
    conditions = {condition.key: condition for condition in chosen.fields}
    shown = []
    for custom in fields:
        condition = conditions.get(custom.key)
        if custom.type in SELECT_TYPES:
            values = condition.values if condition else ()
            choices = [
                Choice(str(o.pk), o.label, o.pk in values)
                for o in options
                if o.field_id == custom.pk
            ]
            shown.append(FieldFilter(custom, "choices", choices=choices))
        elif custom.type == FieldType.USER:
            values = condition.values if condition else ()
            choices = [
                Choice(ME, _me(), bool(condition and condition.me)),
                *(Choice(str(u.pk), u.display_name, u.pk in values) for u in members),
            ]
            shown.append(FieldFilter(custom, "choices", choices=choices))
        elif custom.type == FieldType.CHECKBOX:
            value = "" if condition is None else (YES if condition.checked else NO)
            shown.append(FieldFilter(custom, "checkbox", value=value))
        elif custom.type in TEXT_TYPES:
            shown.append(FieldFilter(custom, "text", value=condition.text if condition else ""))
        elif custom.type in RANGE_TYPES:
            kind = "date_range" if custom.type == FieldType.DATE else "range"
            minimum = _machine(condition.minimum) if condition else ""
            maximum = _machine(condition.maximum) if condition else ""
            shown.append(FieldFilter(custom, kind, minimum=minimum, maximum=maximum))
    return shown


def _machine(value) -> str:
    """A value as <input type="date"> and <input type="number"> take it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return format(value.normalize(), "f")


def _readable(value) -> str:
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)
    return str(value)


def _range(start, end) -> str:
    if start is not None and end is not None:
        return f"{_readable(start)} – {_readable(end)}"
    if start is not None:
        return _("from %(start)s") % {"start": _readable(start)}
    return _("until %(end)s") % {"end": _readable(end)}


def _chosen_labels(group) -> str:
    return ", ".join(choice.label for choice in group.choices if choice.is_chosen)


def _summary(chosen, panel) -> list[tuple[str, str]]:
    """(what, which) pairs for every active part of the filter, in the panel's order."""
    summary = []
    if chosen.text:
        summary.append((_("Search"), f"“{chosen.text}”"))
    if chosen.phases:
        summary.append((_("Phase"), _chosen_labels(panel["phases"])))
    if chosen.statuses == OPEN:
        summary.append((_("Status"), _("open (sales, on hold)")))
    elif chosen.statuses == ALL_STATUSES:
        summary.append((_("Status"), _("all")))
    else:
        summary.append((_("Status"), _chosen_labels(panel["statuses"])))
    if chosen.owner_me or chosen.owner_none or chosen.owners:
        summary.append((_("Responsible"), _chosen_labels(panel["owners"])))
    if chosen.organizations:
        names = ", ".join(o.name for o in panel["chosen_organizations"])
        summary.append((_("Organization"), names))
    if chosen.categories or chosen.category_none:
        summary.append((_("Category"), _chosen_labels(panel["categories"])))
    if chosen.tags:
        label = _("Tags (all of)") if chosen.tags_all else _("Tags (any of)")
        summary.append((label, _chosen_labels(panel["tags"])))
    if chosen.close_from or chosen.close_to:
        summary.append((_("Expected close"), _range(chosen.close_from, chosen.close_to)))
    if chosen.closed_from or chosen.closed_to:
        summary.append((_("Closed"), _range(chosen.closed_from, chosen.closed_to)))
    if chosen.created_from or chosen.created_to:
        summary.append((_("Created"), _range(chosen.created_from, chosen.created_to)))
    if chosen.overdue:
        summary.append((_("Reminder"), _("overdue")))
    shown = {f.field.key: f for f in panel["fields"]}
    for condition in chosen.fields:
        summary.append((shown[condition.key].field.label, _condition_text(condition, shown)))
    return summary


def _condition_text(condition, shown) -> str:
    if condition.type in SELECT_TYPES or condition.type == FieldType.USER:
        return _chosen_labels(shown[condition.key])
    if condition.type == FieldType.CHECKBOX:
        return _("yes") if condition.checked else _("no")
    if condition.type in TEXT_TYPES:
        return _("contains “%(text)s”") % {"text": condition.text}
    return _range(condition.minimum, condition.maximum)
