from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from opportune.core import search
from opportune.tags.models import Tag
from opportune.workspaces.models import TrashQuerySet, WorkspaceOwned

# SQLite's search index; opportunities and contacts find their organization's name in it too.
SEARCH_INDEX = search.register(
    "organizations", search.FtsTable("organizations_organization", ("name", "key", "city"))
)


class OrganizationQuerySet(TrashQuerySet):
    def search(self, text: str):
        """Organizations whose name, key or city contains the text, ignoring case; text too
        short for the index (one or two characters) matches the start of the name or key."""
        text = text.strip()
        if not text:
            return self
        if len(text) < search.TRIGRAM_LENGTH:
            return self.filter(search.starts_with(self, ("name", "key"), text))
        if search.uses_fts(self.db):
            return self.filter(pk__in=SEARCH_INDEX.ids([text]))
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(key__icontains=text)
            | models.Q(city__icontains=text)
        )


class Organization(WorkspaceOwned):
    """A company, prospect or customer. Its key prefixes the short names of its opportunities."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(
        _("key"),
        max_length=6,
        help_text=_("2 to 6 capital letters or digits, starting with a letter, e.g. BION."),
    )
    street = models.CharField(_("street"), max_length=200, blank=True, default="")
    postcode = models.CharField(_("postcode"), max_length=20, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    country = models.CharField(_("country"), max_length=100, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="organizations", verbose_name=_("tags")
    )
    # Highest opportunity number handed out; only ever grows, so numbers are never reused.
    last_opportunity_number = models.PositiveIntegerField(default=0, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="organization_key_unique"),
        ]
        indexes = [
            models.Index(fields=["workspace", "deleted_at", "name"], name="organization_ws_alive"),
            # The list's sort columns, live rows only, ending in its tie-breaker "id": a page
            # is an index range and the total an index-only COUNT.
            models.Index(
                models.F("workspace"),
                Lower("name"),
                models.F("id"),
                condition=models.Q(deleted_at__isnull=True),
                name="organization_alive_name",
            ),
            models.Index(
                fields=["workspace", "key", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="organization_alive_key",
            ),
            models.Index(
                models.F("workspace"),
                Lower("city"),
                models.F("id"),
                condition=models.Q(deleted_at__isnull=True),
                name="organization_alive_city",
            ),
            models.Index(
                fields=["workspace", "created_at", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="organization_alive_created",
            ),
            # PostgreSQL's search index (no SQL on SQLite, which has its FTS5 table).
            search.trigram_index("name", "organization_name_trgm"),
            search.trigram_index("key", "organization_key_trgm"),
            search.trigram_index("city", "organization_city_trgm"),
        ]

    def __str__(self):
        return self.name

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(part for part in [self.postcode, self.city] if part)
        return [line for line in [self.street, place, self.country] if line]


class RetiredKey(WorkspaceOwned):
    """A key an organization gave up after numbering opportunities with it. Their short names
    keep it for good, so no other organization of the workspace may take it again."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="retired_keys"
    )
    key = models.CharField(_("key"), max_length=6)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retired key")
        verbose_name_plural = _("retired keys")
        constraints = [
            # Also the index of every key check: it leads with the workspace.
            models.UniqueConstraint(fields=["workspace", "key"], name="retiredkey_unique"),
        ]

    def __str__(self):
        return self.key
