"""The daily reminder e-mail: one digest per person of what is due today or overdue."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from opportune.journal.models import JournalEntry
from opportune.tasks.models import Task

from . import agenda
from .models import ReminderDigest

User = get_user_model()
logger = logging.getLogger(__name__)


def _people_with_due_items(today: datetime.date):
    reminder_users = JournalEntry.objects.open_reminders().filter(reminder_on__lte=today)
    task_users = Task.objects.open().filter(due_on__lte=today)
    ids = set(reminder_users.values_list("reminder_for", flat=True))
    ids |= set(task_users.values_list("assignee", flat=True))
    ids.discard(None)
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _items(user, today):
    workspaces = [m.workspace_id for m in user.memberships.all()]
    reminders = list(agenda.reminders(user, workspaces).filter(reminder_on__lte=today))
    tasks = list(agenda.tasks(user, workspaces).filter(due_on__lte=today))
    return reminders, tasks


def send_digests(today: datetime.date, *, dry_run: bool = False) -> list[tuple[str, int]]:
    """Send each person one e-mail; returns (address, item count) of those sent.

    The mail goes out outside any transaction, so a slow mail server never holds the
    database's write lock; only after a successful send is the digest row for (person, day)
    written, in its own short transaction. A second run on the same day sends nothing twice,
    and a failed send is not recorded, so the next run tries again.
    """
    sent = []
    for user in _people_with_due_items(today):
        if ReminderDigest.objects.filter(user=user, sent_on=today).exists():
            continue
        reminders, tasks = _items(user, today)
        count = len(reminders) + len(tasks)
        if not count:
            continue
        if dry_run:
            sent.append((user.email, count))
            continue
        try:
            _send(user, reminders, tasks, today)
        except Exception:
            # One unreachable mailbox must not stop everyone else's digest; this one is
            # not recorded, so the next run tries again.
            logger.exception("reminder digest for user %s failed", user.pk)
            continue
        # get_or_create: a run at the same time may have recorded the day already.
        ReminderDigest.objects.get_or_create(
            user=user, sent_on=today, defaults={"item_count": count}
        )
        sent.append((user.email, count))
    return sent


def _send(user, reminders, tasks, today):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "reminders": reminders,
            "tasks": tasks,
            "today": today,
            "base_url": settings.BASE_URL.rstrip("/"),
        }
        subject = _("Opportune: %(count)s follow-ups due today") % {
            "count": len(reminders) + len(tasks)
        }
        body = render_to_string("myday/email/digest.txt", context)
    send_mail(subject, body, None, [user.email])
