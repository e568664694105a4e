from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from opportune.core.colours import Colour
from opportune.workspaces.models import WorkspaceOwned


class Tag(WorkspaceOwned):
    """A workspace-defined label with a colour, on opportunities and organizations."""

    name = models.CharField(_("name"), max_length=60)
    colour = models.CharField(
        _("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            # "Priority" and "priority" are one tag: names differ in more than case.
            models.UniqueConstraint(Lower("name"), "workspace", name="tag_name_unique_ci")
        ]

    def __str__(self):
        return self.name
