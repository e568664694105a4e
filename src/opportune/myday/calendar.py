"""The personal iCalendar feed: reminders and task due dates for Outlook or Google Calendar."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from . import agenda
from .models import CalendarFeed


@transaction.atomic
def feed_create(*, user) -> str:
    """A new secret address; any older one stops working (one live feed per person)."""
    feed_revoke(user=user)
    token = CalendarFeed.new_token()
    CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.hash(token))
    return token


@transaction.atomic
def feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def find_feed(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def render_feed(user) -> bytes:
    workspaces = [m.workspace_id for m in user.memberships.all()]
    base = settings.BASE_URL.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Opportune//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Opportune")
    stamp = timezone.now()
    for entry in agenda.reminders(user, workspaces):
        opportunity = entry.opportunity
        event = Event()
        event.add("uid", f"reminder-{entry.pk}@opportune")
        event.add("dtstamp", stamp)
        event.add("summary", f"{opportunity.short_name} {opportunity.name}")
        event.add("description", entry.text[:2000])
        if entry.reminder_time:
            start = timezone.make_aware(
                datetime.datetime.combine(entry.reminder_on, entry.reminder_time)
            )
            event.add("dtstart", start)
            event.add("duration", datetime.timedelta(minutes=30))
        else:
            event.add("dtstart", entry.reminder_on)
        event.add("url", base + _page(entry.workspace.slug, opportunity.short_name))
        calendar.add_component(event)
    for task in agenda.tasks(user, workspaces):
        event = Event()
        event.add("uid", f"task-{task.pk}@opportune")
        event.add("dtstamp", stamp)
        event.add("summary", f"{task.title} ({task.opportunity.short_name})")
        event.add("dtstart", task.due_on)
        event.add("url", base + _page(task.workspace.slug, task.opportunity.short_name))
        calendar.add_component(event)
    return calendar.to_ical()


def _page(workspace_slug, short_name):
    return reverse("opportunities:detail", args=[workspace_slug, short_name])
