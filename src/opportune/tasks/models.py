from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opportune.opportunities.models import Opportunity
from opportune.workspaces.models import WorkspaceOwned, WorkspaceQuerySet


class TaskQuerySet(WorkspaceQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class Task(WorkspaceOwned):
    """A to-do on an opportunity. "Open tasks" counts the ones not done."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_at", "due_on", "created_at"]
        indexes = [
            models.Index(
                fields=["workspace", "assignee", "done_at", "due_on"], name="task_ws_assignee"
            ),
            models.Index(fields=["workspace", "opportunity", "done_at"], name="task_ws_opp"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
