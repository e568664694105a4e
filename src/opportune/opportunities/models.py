from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from opportune.contacts.models import Contact
from opportune.core import search
from opportune.core.indexes import PostgresIndex
from opportune.core.money import Currency
from opportune.organizations.models import SEARCH_INDEX as ORGANIZATION_SEARCH_INDEX
from opportune.organizations.models import Organization
from opportune.pipeline.fields import TEXT_MAX
from opportune.pipeline.models import (
    Category,
    CustomField,
    CustomFieldOption,
    Phase,
    percent_validators,
)
from opportune.tags.models import Tag
from opportune.workspaces.models import TrashQuerySet, WorkspaceOwned, WorkspaceQuerySet


class Status(models.TextChoices):
    SALES = "sales", _("Sales")
    IMPLEMENTATION = "implementation", _("Implementation")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    LOST = "lost", _("Lost")


class Attitude(models.TextChoices):
    ENTHUSIASTIC = "enthusiastic", _("Enthusiastic")
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    SKEPTICAL = "skeptical", _("Skeptical")
    OPPOSED = "opposed", _("Opposed")


# SQLite's search index; the organization's name comes from the organizations' one.
SEARCH_INDEX = search.register(
    "opportunities",
    search.FtsTable("opportunities_opportunity", ("short_name", "name", "description")),
)


class OpportunityQuerySet(TrashQuerySet):
    def open(self):
        return self.filter(status=Status.SALES)

    def search(self, text: str):
        """Opportunities whose short name, name, description or organization's name contains
        the text, ignoring case; text too short for the index (one or two characters) matches
        the start of the short name or name."""
        text = text.strip()
        if not text:
            return self
        if len(text) < search.TRIGRAM_LENGTH:
            return self.filter(search.starts_with(self, ("short_name", "name"), text))
        if search.uses_fts(self.db):
            own = models.Q(pk__in=SEARCH_INDEX.ids([text]))
            organizations = ORGANIZATION_SEARCH_INDEX.ids([text], column="name")
        else:
            own = (
                models.Q(short_name__icontains=text)
                | models.Q(name__icontains=text)
                | models.Q(description__icontains=text)
            )
            organizations = Organization.objects.filter(name__icontains=text).values("pk")
        return self.filter(
            pk__in=search.any_of(self.model, own, models.Q(organization__in=organizations))
        )


# The list's sorts served by an index (workspace, columns…, id) over the live rows; the columns
# sorted by the default view already have one above.
SORT_INDEXES = {
    "short_name": ["short_name_key", "number"],
    "organization": ["organization_sort_name"],
    "phase": ["phase_position"],
    "status": ["status"],
    "open_tasks": ["open_task_count"],
    "probability": ["probability"],
    "source": ["source"],
    "value": ["expected_value"],
    "close": ["expected_close_on"],
    "last_activity": ["last_activity_at"],
    "next_reminder": ["next_reminder_on"],
}


class Opportunity(WorkspaceOwned):
    """A sales project of one organization, named `KEY-N` for good at creation."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("organization"),
    )
    number = models.PositiveIntegerField(editable=False)
    short_name = models.CharField(_("short name"), max_length=20, editable=False)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.SALES
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("phase")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_opportunities",
        verbose_name=_("responsible"),
    )
    description = models.TextField(_("description"), blank=True, default="", max_length=20_000)
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="opportunities", verbose_name=_("tags")
    )
    probability = models.PositiveSmallIntegerField(
        _("closing probability (%)"), default=0, validators=percent_validators
    )
    # False while the probability follows the phase's default; set once someone types one.
    probability_is_manual = models.BooleanField(default=False)
    source = models.CharField(_("source"), max_length=100, blank=True, default="")
    expected_value = models.DecimalField(
        _("expected value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    expected_close_on = models.DateField(_("expected close date"), null=True, blank=True)
    closed_on = models.DateField(_("closing date"), null=True, blank=True, editable=False)
    lost_reason = models.CharField(_("lost reason"), max_length=500, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copies for the list's sorts, so that each is read in order from an index of this table
    # instead of through a join or an aggregate. The journal and the tasks report the activity
    # ones (services.opportunities_*_summary_store); the organization's name and the phase's
    # position follow their services' signals; the key of the short name never changes.
    open_task_count = models.PositiveIntegerField(default=0, editable=False)
    next_reminder_on = models.DateField(null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    short_name_key = models.CharField(max_length=6, blank=True, default="", editable=False)
    organization_sort_name = models.CharField(
        max_length=200, blank=True, default="", editable=False
    )
    phase_position = models.PositiveIntegerField(default=0, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="opportunity_number_unique"
            ),
            models.UniqueConstraint(
                fields=["workspace", "short_name"], name="opportunity_short_name_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="opportunity_probability_range"
            ),
        ]
        # Sortable columns end in "id", the list's tie-breaker, so a page is an index range.
        indexes = [
            # Partial: PostgreSQL does not order by an index behind an IS NULL column.
            models.Index(
                fields=["workspace", "created_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_alive",
            ),
            # Partial: on all rows SQLite's statistics take "deleted_at IS NULL" for a few rows
            # and read the whole workspace through it instead of through a sorted index.
            models.Index(
                fields=["workspace", "deleted_at"],
                condition=models.Q(deleted_at__isnull=False),
                name="opp_ws_deleted",
            ),
            # A filter on status, phase or responsible with the list's default sort reads one
            # index range in order, without sorting the matching rows. Several statuses (the
            # default "open") are merged from one range per status, for each own-column sort.
            models.Index(
                fields=["workspace", "status", "created_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_status_created",
            ),
            models.Index(
                fields=["workspace", "status", "name", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_status_name",
            ),
            models.Index(
                fields=["workspace", "status", "expected_value", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_status_value",
            ),
            models.Index(
                fields=["workspace", "status", "expected_close_on", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_status_close",
            ),
            # Descending with empty values last, as the list sorts; PostgreSQL reads that order
            # from an index declared so only (SQLite from the ones above).
            *[
                PostgresIndex(
                    F("workspace"),
                    F("status"),
                    F(column).desc(nulls_last=True),
                    F("id").desc(),
                    condition=models.Q(deleted_at__isnull=True),
                    name=f"opp_ws_status_{name}_desc",
                )
                for name, column in (("value", "expected_value"), ("close", "expected_close_on"))
            ],
            # The capped count of a phase or responsible filter with the default "open" statuses
            # reads these alone (through the sort indexes it read every open row: 20-35 ms).
            models.Index(
                fields=["workspace", "phase", "status"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_phase_status",
            ),
            models.Index(
                fields=["workspace", "owner", "status"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_owner_status",
            ),
            models.Index(
                fields=["workspace", "phase", "created_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_phase_created",
            ),
            models.Index(
                fields=["workspace", "owner", "created_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_owner_created",
            ),
            *[
                models.Index(
                    fields=["workspace", *columns, "id"],
                    condition=models.Q(deleted_at__isnull=True),
                    name=f"opp_ws_sort_{name}",
                )
                for name, columns in SORT_INDEXES.items()
            ],
            # The weighted value is computed, so its index is on the expression the list sorts by.
            models.Index(
                F("workspace"),
                F("expected_value") * F("probability"),
                F("id"),
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_sort_weighted",
            ),
            models.Index(fields=["workspace", "phase"], name="opp_ws_phase"),
            models.Index(fields=["workspace", "status"], name="opp_ws_status"),
            models.Index(fields=["workspace", "owner"], name="opp_ws_owner"),
            models.Index(fields=["workspace", "organization"], name="opp_ws_org"),
            # The organizations list counts each row's open opportunities from this alone.
            models.Index(
                fields=["workspace", "organization", "status"],
                condition=models.Q(deleted_at__isnull=True),
                name="opp_ws_org_alive_status",
            ),
            models.Index(fields=["workspace", "category"], name="opp_ws_category"),
            models.Index(fields=["workspace", "name", "id"], name="opp_ws_name"),
            models.Index(fields=["workspace", "updated_at", "id"], name="opp_ws_updated"),
            # PostgreSQL's search index (no SQL on SQLite, which has its FTS5 table).
            search.trigram_index("short_name", "opp_short_name_trgm"),
            search.trigram_index("name", "opp_name_trgm"),
            search.trigram_index("description", "opp_description_trgm"),
        ]

    def __str__(self):
        return f"{self.short_name} {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.SALES


class Member(WorkspaceOwned):
    """A contact taking part in an opportunity, with their attitude towards this project."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("contact")
    )
    attitude = models.CharField(
        _("attitude"), max_length=12, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contact"], name="member_once")
        ]

    def __str__(self):
        return str(self.contact)


class History(WorkspaceOwned):
    """One recorded change of an opportunity: who changed which property when, from what to what.

    `old_value`/`new_value` hold the raw value (ids for phases and users) for reports;
    `old_label`/`new_label` the readable one at the time of the change.
    """

    class Field(models.TextChoices):
        CREATED = "created", _("created")
        PHASE = "phase", _("phase")
        STATUS = "status", _("status")
        OWNER = "owner", _("responsible")
        PROBABILITY = "probability", _("closing probability")
        EXPECTED_VALUE = "expected_value", _("expected value")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=100, blank=True, default="")
    new_value = models.CharField(max_length=100, blank=True, default="")
    old_label = models.CharField(max_length=200, blank=True, default="")
    new_label = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "opportunity", "created_at"], name="history_ws_opp"),
            models.Index(fields=["workspace", "field", "created_at"], name="history_ws_field"),
        ]

    def __str__(self):
        return f"{self.opportunity_id} {self.field}: {self.old_label} → {self.new_label}"


class CustomFieldValue(WorkspaceOwned):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="custom_values"
    )
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE, related_name="values")
    text = models.CharField(max_length=TEXT_MAX, blank=True, default="")
    long_text = models.TextField(blank=True, default="")
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    option = models.ForeignKey(
        CustomFieldOption, on_delete=models.CASCADE, null=True, blank=True, related_name="values"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "field"],
                condition=models.Q(option__isnull=True),
                name="customfieldvalue_one_per_field",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "field", "option"],
                condition=models.Q(option__isnull=False),
                name="customfieldvalue_one_per_option",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "field", "text"], name="cfv_ws_text"),
            models.Index(fields=["workspace", "field", "number"], name="cfv_ws_number"),
            models.Index(fields=["workspace", "field", "date"], name="cfv_ws_date"),
            models.Index(fields=["workspace", "field", "boolean"], name="cfv_ws_boolean"),
            models.Index(fields=["workspace", "field", "option"], name="cfv_ws_option"),
            models.Index(fields=["workspace", "field", "user"], name="cfv_ws_user"),
            models.Index(fields=["opportunity", "field"], name="cfv_opportunity"),
        ]
