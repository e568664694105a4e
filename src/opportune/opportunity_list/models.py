from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from opportune.workspaces.models import WorkspaceOwned, WorkspaceQuerySet

VIEW_NAME_MAX = 80


class ListSettings(WorkspaceOwned):
    """One member's choice of the opportunity list's columns in one workspace; without a row
    the list shows the default columns."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Column keys in the order shown (columns.py); keys no longer known are skipped on reading.
    columns = models.JSONField(default=list)
    # The saved view the list opens with when its address carries no query (saved_views.py).
    default_view = models.ForeignKey(
        "SavedView", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="listsettings_once")
        ]


class SavedViewQuerySet(WorkspaceQuerySet):
    def visible_to(self, user):
        """The user's own views and the ones shared with the workspace."""
        return self.filter(models.Q(owner=user) | models.Q(is_shared=True))


class SavedView(WorkspaceOwned):
    """A named list address (filters, columns, grouping and sort), private to its owner or
    shared with the workspace. Whoever opens it gets its query read again for them, so it never
    shows more than the reader may see."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=VIEW_NAME_MAX)
    query = models.TextField(blank=True, default="")
    is_shared = models.BooleanField(_("shared with the workspace"), default=False)
    # The owner's order of their own views in the menu.
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["position", "id"]
        constraints = [
            # Two views "Pipeline" and "pipeline" in one menu could not be told apart.
            models.UniqueConstraint(
                "workspace", "owner", Lower("name"), name="savedview_name_unique_ci"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "owner", "position"], name="savedview_ws_owner"),
            models.Index(
                fields=["workspace", "name"],
                condition=models.Q(is_shared=True),
                name="savedview_ws_shared",
            ),
        ]

    def __str__(self):
        return self.name
