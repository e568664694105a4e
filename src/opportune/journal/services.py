"""Every write to the journal: posting, editing and deleting entries, and their reminders."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.opportunities.models import Opportunity
from opportune.opportunities.services import opportunities_journal_summary_store
from opportune.workspaces.models import Membership, Role
from opportune.workspaces.selectors import editors_of

from .models import TEXT_MAX, JournalEntry, Mood


def _check(*, workspace, mood, text, reminder_on, reminder_time, reminder_for) -> str:
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write what happened.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Keep the entry under %(limit)s characters (it has %(count)s).") % {
            "limit": f"{TEXT_MAX:,}",
            "count": f"{len(text):,}",
        }
    if mood not in Mood.values:
        errors["mood"] = _("Choose a mood.")
    if reminder_time is not None and reminder_on is None:
        errors["reminder_on"] = _("Choose a date for the reminder.")
    if reminder_for is not None and not editors_of(workspace).filter(pk=reminder_for.pk).exists():
        errors["reminder_for"] = _("Choose a member of this workspace.")
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def entry_post(
    *,
    opportunity,
    author,
    mood: str,
    text: str,
    reminder_on: datetime.date | None = None,
    reminder_time: datetime.time | None = None,
    reminder_for=None,
) -> JournalEntry:
    """Post an entry (members, admins and owners); a reminder without a named person is for
    the author."""
    workspace = opportunity.workspace
    if not editors_of(workspace).filter(pk=author.pk).exists():
        raise PermissionDenied
    if reminder_on is not None and reminder_for is None:
        reminder_for = author
    text = _check(
        workspace=workspace,
        mood=mood,
        text=text,
        reminder_on=reminder_on,
        reminder_time=reminder_time,
        reminder_for=reminder_for,
    )
    entry = JournalEntry.objects.create(
        workspace=workspace,
        opportunity=opportunity,
        author=author,
        mood=mood,
        text=text,
        reminder_on=reminder_on,
        reminder_time=reminder_time if reminder_on else None,
        reminder_for=reminder_for if reminder_on else None,
    )
    _report(opportunity.pk)
    return entry


def _report(opportunity_id) -> None:
    """Tell the opportunity its earliest open reminder and latest entry (the list shows them)."""
    summary = JournalEntry.objects.filter(opportunity_id=opportunity_id).aggregate(
        last_entry_at=Max("created_at"),
        next_reminder_on=Min(
            "reminder_on", filter=Q(reminder_on__isnull=False, reminder_done_at__isnull=True)
        ),
    )
    opportunities_journal_summary_store(
        opportunities=Opportunity.objects.filter(pk=opportunity_id), **summary
    )


def may_change(entry: JournalEntry, membership: Membership) -> bool:
    """Authors change their own entries; admins and owners any entry of their workspace."""
    if entry.workspace_id != membership.workspace_id or not membership.can_edit:
        return False
    return entry.author_id == membership.user_id or membership.has_role(Role.ADMIN)


@transaction.atomic
def entry_edit(
    *,
    entry: JournalEntry,
    membership: Membership,
    mood: str,
    text: str,
    reminder_on=None,
    reminder_time=None,
    reminder_for=None,
) -> JournalEntry:
    if not may_change(entry, membership):
        raise PermissionDenied
    if reminder_on is not None and reminder_for is None:
        reminder_for = entry.reminder_for or membership.user
    entry.text = _check(
        workspace=entry.opportunity.workspace,
        mood=mood,
        text=text,
        reminder_on=reminder_on,
        reminder_time=reminder_time,
        reminder_for=reminder_for,
    )
    if (entry.reminder_on, entry.reminder_for_id) != (
        reminder_on,
        reminder_for.pk if reminder_for else None,
    ):
        entry.reminder_done_at = None  # a new follow-up is open again
    entry.mood = mood
    entry.reminder_on = reminder_on
    entry.reminder_time = reminder_time if reminder_on else None
    entry.reminder_for = reminder_for if reminder_on else None
    entry.edited_at = timezone.now()
    entry.save(
        update_fields=[
            "text",
            "mood",
            "reminder_on",
            "reminder_time",
            "reminder_for",
            "reminder_done_at",
            "edited_at",
        ]
    )
    _report(entry.opportunity_id)
    return entry


@transaction.atomic
def entry_delete(*, entry: JournalEntry, membership: Membership) -> None:
    if not may_change(entry, membership):
        raise PermissionDenied
    entry.delete()
    _report(entry.opportunity_id)


def may_close_reminder(entry: JournalEntry, membership: Membership | None) -> bool:
    """The one rule for marking a reminder done or moving it, on every page: the person it is
    for, the entry's author, or an admin or owner of the workspace; viewers never."""
    if membership is None or entry.workspace_id != membership.workspace_id:
        return False
    if not membership.can_edit:
        return False
    return membership.user_id in (entry.reminder_for_id, entry.author_id) or (
        membership.can_administer
    )


def _check_may_close(entry: JournalEntry, actor) -> None:
    # The actor's role is looked up here, not taken from the caller, so no entry point
    # (page, My day, API, command) can skip the rule.
    membership = actor.memberships.filter(workspace_id=entry.workspace_id).first()
    if not may_close_reminder(entry, membership):
        raise PermissionDenied


@transaction.atomic
def reminder_done(*, entry: JournalEntry, actor) -> JournalEntry:
    """Close the follow-up; closing it again keeps the first time it was done."""
    _check_may_close(entry, actor)
    if entry.has_open_reminder:
        entry.reminder_done_at = timezone.now()
        entry.save(update_fields=["reminder_done_at"])
        _report(entry.opportunity_id)
    return entry


@transaction.atomic
def reminder_snooze(*, entry: JournalEntry, actor, until: datetime.date) -> JournalEntry:
    """Move the follow-up to a later day (My day's "tomorrow" and "next week")."""
    _check_may_close(entry, actor)
    entry.reminder_on = until
    entry.reminder_done_at = None
    entry.save(update_fields=["reminder_on", "reminder_done_at"])
    _report(entry.opportunity_id)
    return entry
