from django.db import models
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
            models.UniqueConstraint(fields=["workspace", "name"], name="tag_name_unique")
        ]

    def __str__(self):
        return self.name
