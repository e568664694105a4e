"""The palette for phases and tags: named colours rendered by CSS classes, never inline styles
(the Content-Security-Policy forbids inline styles, and a fixed palette stays readable)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")
    TEAL = "teal", _("Teal")
    GREEN = "green", _("Green")
    LIME = "lime", _("Lime")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    PINK = "pink", _("Pink")
    PURPLE = "purple", _("Purple")
