"""What a person has to do: open reminders and tasks, grouped overdue / today / next 7 days."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from opportune.journal.models import JournalEntry
from opportune.tasks.models import Task

HORIZON_DAYS = 7


@dataclass
class Agenda:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.today or self.upcoming)

    @property
    def due_count(self) -> int:
        return len(self.overdue) + len(self.today)


@dataclass
class Item:
    kind: str  # "reminder" or "task"
    due_on: datetime.date
    subject: object  # the JournalEntry or Task
    opportunity: object


def reminders(user, workspaces=None):
    queryset = JournalEntry.objects.reminders_for(user).filter(opportunity__deleted_at__isnull=True)
    if workspaces is not None:
        queryset = queryset.filter(workspace__in=workspaces)
    return queryset.select_related(
        "opportunity", "opportunity__organization", "author", "workspace"
    )


def tasks(user, workspaces=None):
    queryset = Task.objects.open().filter(
        assignee=user, due_on__isnull=False, opportunity__deleted_at__isnull=True
    )
    if workspaces is not None:
        queryset = queryset.filter(workspace__in=workspaces)
    return queryset.select_related("opportunity", "opportunity__organization", "workspace")


def agenda_for(user, workspace, today: datetime.date | None = None) -> Agenda:
    """Two queries, whatever the number of items."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    items = [
        Item("reminder", entry.reminder_on, entry, entry.opportunity)
        for entry in reminders(user, [workspace]).filter(reminder_on__lte=horizon)
    ] + [
        Item("task", task.due_on, task, task.opportunity)
        for task in tasks(user, [workspace]).filter(due_on__lte=horizon)
    ]
    items.sort(key=lambda item: (item.due_on, item.kind, item.subject.pk))
    agenda = Agenda()
    for item in items:
        if item.due_on < today:
            agenda.overdue.append(item)
        elif item.due_on == today:
            agenda.today.append(item)
        else:
            agenda.upcoming.append(item)
    return agenda


def due_count(user, workspace, today: datetime.date | None = None) -> int:
    """The navigation badge: reminders and tasks due today or overdue."""
    today = today or timezone.localdate()
    return (
        reminders(user, [workspace]).filter(reminder_on__lte=today).count()
        + tasks(user, [workspace]).filter(due_on__lte=today).count()
    )
