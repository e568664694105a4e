"""What a person has to do: open reminders and tasks, grouped overdue / today / next 7 days."""

import bisect
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.utils import timezone

from opportune.journal.models import JournalEntry
from opportune.opportunities.models import Opportunity
from opportune.tasks.models import Task

HORIZON_DAYS = 7
PAGE_SIZE = 50  # items per section: a long overdue list is paged, not rendered whole
SECTIONS = ("overdue", "today", "upcoming")


@dataclass
class Item:
    kind: str  # "reminder" or "task"
    due_on: datetime.date
    subject: object  # the JournalEntry or Task
    opportunity: object


@dataclass
class Section:
    """One group of My day: up to PAGE_SIZE of its items, and how many there are in all."""

    name: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    first: int = 1  # position of the first item shown, counting from 1
    last_key: tuple | None = None  # (due_on, kind, id) of the last item shown

    @property
    def left(self) -> int:
        """How many come after the items shown."""
        return max(0, self.total - (self.first - 1) - PAGE_SIZE)

    @property
    def last(self) -> int:
        return self.total - self.left

    @property
    def more_query(self) -> str:
        """The query string that asks for the next items, or "" when none are left."""
        if not self.left:
            return ""
        due_on, kind, pk = self.last_key
        return urlencode(
            {
                "section": self.name,
                "after_on": due_on.isoformat(),
                "after_kind": kind,
                "after_id": pk,
            }
        )


@dataclass
class Agenda:
    overdue: Section = field(default_factory=lambda: Section("overdue"))
    today: Section = field(default_factory=lambda: Section("today"))
    upcoming: Section = field(default_factory=lambda: Section("upcoming"))

    @property
    def is_empty(self) -> bool:
        return not (self.overdue.total or self.today.total or self.upcoming.total)

    @property
    def due_count(self) -> int:
        return self.overdue.total + self.today.total


def reminders(user, workspaces=None):
    queryset = JournalEntry.objects.reminders_for(user).filter(opportunity__deleted_at__isnull=True)
    if workspaces is not None:
        queryset = queryset.filter(workspace__in=workspaces)
    return queryset.select_related(
        "opportunity", "opportunity__organization", "author", "workspace"
    )


def tasks(user, workspaces=None):
    # Not opportunity__deleted_at__isnull=True: for that join PostgreSQL hashed every opportunity
    # of the workspace (20 ms at 100,000, for the badge on every page); the few deleted ones
    # are looked up instead.
    deleted = Opportunity.objects.filter(pk=OuterRef("opportunity_id"), deleted_at__isnull=False)
    queryset = (
        Task.objects.open().filter(assignee=user, due_on__isnull=False).exclude(Exists(deleted))
    )
    if workspaces is not None:
        queryset = queryset.filter(workspace__in=workspaces)
    return queryset.select_related("opportunity", "opportunity__organization", "workspace")


def _section_of(due_on: datetime.date, today: datetime.date) -> str:
    if due_on < today:
        return "overdue"
    return "today" if due_on == today else "upcoming"


def agenda_for(
    user,
    workspace,
    today: datetime.date | None = None,
    after: dict | None = None,
    sections=SECTIONS,
) -> Agenda:
    """The first PAGE_SIZE items of each of `sections`, or for a section named in `after`
    ({name: (due_on, kind, id)} of the last item shown before) the ones after that item.

    Four queries, whatever the number of items: the dates and ids of all open items (to sort,
    count and page them), then the reminders and the tasks shown.
    """
    today = today or timezone.localdate()
    after = after or {}
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    reminder_keys = reminders(user, [workspace]).filter(reminder_on__lte=horizon)
    task_keys = tasks(user, [workspace]).filter(due_on__lte=horizon)
    keys = sorted(
        [(due_on, "reminder", pk) for due_on, pk in reminder_keys.values_list("reminder_on", "pk")]
        + [(due_on, "task", pk) for due_on, pk in task_keys.values_list("due_on", "pk")]
    )
    grouped = {name: [] for name in SECTIONS}
    for key in keys:
        grouped[_section_of(key[0], today)].append(key)

    agenda = Agenda()
    shown = {}
    for name, section_keys in grouped.items():
        section = getattr(agenda, name)
        section.total = len(section_keys)
        if name not in sections:
            continue
        start = bisect.bisect_right(section_keys, after[name]) if name in after else 0
        shown[name] = section_keys[start : start + PAGE_SIZE]
        section.first = start + 1
        section.last_key = shown[name][-1] if shown[name] else None

    wanted = [key for section_keys in shown.values() for key in section_keys]
    subjects = {
        "reminder": reminders(user, [workspace]).in_bulk(
            [pk for _due_on, kind, pk in wanted if kind == "reminder"]
        ),
        "task": tasks(user, [workspace]).in_bulk(
            [pk for _due_on, kind, pk in wanted if kind == "task"]
        ),
    }
    for name, section_keys in shown.items():
        items = getattr(agenda, name).items
        for due_on, kind, pk in section_keys:
            subject = subjects[kind].get(pk)
            if subject is not None:  # None: done between the two queries
                items.append(Item(kind, due_on, subject, subject.opportunity))
    return agenda


def due_count(user, workspace, today: datetime.date | None = None) -> int:
    """The navigation badge: reminders and tasks due today or overdue."""
    today = today or timezone.localdate()
    return (
        reminders(user, [workspace]).filter(reminder_on__lte=today).count()
        + tasks(user, [workspace]).filter(due_on__lte=today).count()
    )
