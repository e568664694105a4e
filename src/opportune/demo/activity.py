"""Demo journal entries, reminders and tasks, so the opportunity page and My day look alive."""

import datetime
import random

from django.utils import timezone

from opportune.journal import services as journal_services
from opportune.journal.models import JournalEntry
from opportune.opportunities.models import Opportunity
from opportune.tasks import services as task_services

NOTES = [
    ("happy", "Call with the project lead: **budget is approved** for next year."),
    ("neutral", "Sent the price indication by e-mail. Waiting for feedback from purchasing."),
    ("sad", "Procurement wants three more quotes; the decision slips by a quarter."),
    ("happy", "Workshop went well; they liked the reports.\n\n- send the slides\n- book a demo"),
    ("neutral", "Met at the trade fair; asked for references from their industry."),
    ("sad", "The IT department is *skeptical* about the hosting."),
    ("happy", "Rückruf von der Geschäftsführung: Angebot kommt gut an."),
    ("neutral", "Telefonat mit dem Einkauf, Rahmenvertrag wird geprüft."),
]
TASKS = [
    "Send the offer",
    "Prepare the demo",
    "Ask for the reference call",
    "Angebot nachfassen",
    "Clarify the data protection agreement",
    "Book the kick-off meeting",
]


def fill_activity(workspace, team, rng: random.Random) -> None:
    """Idempotent: only fills a workspace whose journal is still empty."""
    if JournalEntry.objects.in_workspace(workspace).exists():
        return
    today = timezone.localdate()
    opportunities = list(
        Opportunity.objects.in_workspace(workspace).alive().select_related("workspace", "owner")
    )
    for index, opportunity in enumerate(opportunities):
        author_pool = [opportunity.owner or team[0], *team[:3]]
        for n in range(rng.randint(1, 4)):
            mood, text = rng.choice(NOTES)
            reminder_on = None
            if n == 0 and index % 3 == 0:
                # Some overdue, some today, some ahead: My day has something in every group.
                reminder_on = today + datetime.timedelta(days=rng.choice([-5, -2, 0, 0, 1, 3, 6]))
            entry = journal_services.entry_post(
                opportunity=opportunity,
                author=rng.choice(author_pool),
                mood=mood,
                text=text,
                reminder_on=reminder_on,
                reminder_for=rng.choice(team[:3]) if reminder_on else None,
            )
            back = datetime.timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8))
            JournalEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - back)
        for n in range(rng.randint(0, 2)):
            task = task_services.task_add(
                opportunity=opportunity,
                actor=team[0],
                title=rng.choice(TASKS),
                assignee=rng.choice(team[:3]),
                due_on=today + datetime.timedelta(days=rng.randint(-3, 10)),
            )
            if n == 1 and rng.random() < 0.4:
                task_services.task_complete(task=task, actor=team[0])
