from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opportune.opportunities.models import Opportunity
from opportune.workspaces.models import WorkspaceOwned, WorkspaceQuerySet

TEXT_MAX = 20_000


class Mood(models.TextChoices):
    HAPPY = "happy", _("Happy")
    NEUTRAL = "neutral", _("Neutral")
    SAD = "sad", _("Sad")


class JournalQuerySet(WorkspaceQuerySet):
    def open_reminders(self):
        return self.filter(reminder_on__isnull=False, reminder_done_at__isnull=True)

    def reminders_for(self, user):
        return self.open_reminders().filter(reminder_for=user)


class JournalEntry(WorkspaceOwned):
    """One note in an opportunity's communication log, with the mood of the conversation and an
    optional follow-up ("Wiedervorlage") for someone on a date."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="journal_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    mood = models.CharField(_("mood"), max_length=8, choices=Mood.choices, default=Mood.NEUTRAL)
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    reminder_on = models.DateField(_("reminder date"), null=True, blank=True)
    reminder_time = models.TimeField(_("reminder time"), null=True, blank=True)
    reminder_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reminder for"),
    )
    reminder_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "opportunity", "created_at"], name="journal_ws_opp"),
            models.Index(
                fields=["workspace", "reminder_for", "reminder_done_at", "reminder_on"],
                name="journal_ws_reminders",
            ),
        ]

    def __str__(self):
        return f"{self.opportunity_id}: {self.text[:40]}"

    @property
    def has_open_reminder(self) -> bool:
        return self.reminder_on is not None and self.reminder_done_at is None
