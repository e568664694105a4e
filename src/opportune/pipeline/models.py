"""The workspace's pipeline settings: phases, categories and custom field definitions.

They shape every opportunity but hold none: opportunities (a layer above) point at them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from opportune.core.colours import Colour
from opportune.workspaces.models import WorkspaceOwned

percent_validators = [MinValueValidator(0), MaxValueValidator(100)]

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)


class PhaseKind(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Phase(WorkspaceOwned):
    """A step of the workspace's sales process; its kind says whether reaching it wins or loses."""

    name = models.CharField(_("name"), max_length=60)
    colour = models.CharField(
        _("colour"), max_length=10, choices=Colour.choices, default=Colour.BLUE
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    default_probability = models.PositiveSmallIntegerField(
        _("default probability"), default=0, validators=percent_validators
    )
    kind = models.CharField(
        _("kind"), max_length=5, choices=PhaseKind.choices, default=PhaseKind.OPEN
    )

    class Meta:
        db_table = "opportunities_phase"  # made by opportunities (decision 007)
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["position", "id"]
        constraints = [
            # "Research" and "research" are one phase: names differ in more than case.
            models.UniqueConstraint(Lower("name"), "workspace", name="phase_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(default_probability__lte=100), name="phase_probability_range"
            ),
        ]

    def __str__(self):
        return self.name


class Category(WorkspaceOwned):
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        db_table = "opportunities_category"  # made by opportunities (decision 007)
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "workspace", name="category_name_unique_ci")
        ]

    def __str__(self):
        return self.name


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percent")
    MONEY = "money", _("Money")
    DATE = "date", _("Date")
    SINGLE_SELECT = "single_select", _("Single select")
    MULTI_SELECT = "multi_select", _("Multi select")
    CHECKBOX = "checkbox", _("Checkbox")
    URL = "url", _("URL")
    USER = "user", _("User")


SELECT_TYPES = {FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT}


class CustomField(WorkspaceOwned):
    label = models.CharField(_("label"), max_length=60)
    key = models.CharField(_("key"), max_length=40, validators=[key_validator])
    type = models.CharField(_("type"), max_length=15, choices=FieldType.choices)
    is_required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_shown_in_list = models.BooleanField(_("shown in list by default"), default=False)
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")

    class Meta:
        db_table = "opportunities_customfield"  # made by opportunities (decision 007)
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="customfield_key_unique"),
            models.UniqueConstraint(fields=["workspace", "label"], name="customfield_label_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES


class CustomFieldOption(WorkspaceOwned):
    """A choice of a select field. Values point at the option, so renaming keeps them."""

    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "opportunities_customfieldoption"  # made by opportunities (decision 007)
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["field", "label"], name="customfieldoption_unique")
        ]

    def __str__(self):
        return self.label
