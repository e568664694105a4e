from django.db import models
from django.utils.translation import gettext_lazy as _

from opportune.core import search
from opportune.organizations.models import SEARCH_INDEX as ORGANIZATION_SEARCH_INDEX
from opportune.organizations.models import Organization
from opportune.workspaces.models import TrashQuerySet, WorkspaceOwned

# SQLite's search index; the organization's name comes from the organizations' one.
SEARCH_INDEX = search.register(
    "contacts", search.FtsTable("contacts_contact", ("first_name", "last_name", "email"))
)


class Influence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    TOP = "top", _("Top decision maker")


class Personality(models.TextChoices):
    """DISC communication styles."""

    DOMINANT = "dominant", _("Dominant")
    INITIATIVE = "initiative", _("Initiative")
    STABLE = "stable", _("Stable")
    CONSCIENTIOUS = "conscientious", _("Conscientious")


class ContactQuerySet(TrashQuerySet):
    def search(self, text: str):
        """Contacts matching every word (up to four) of the text: a word is part of the first or
        last name, the e-mail address or the organization's name, ignoring case; a word too
        short for the index (one or two characters) starts the first or last name."""
        query = models.Q()
        for word in text.split()[:4]:
            query &= self._matching(word)
        return self.filter(query)

    def _matching(self, word: str) -> models.Q:
        if len(word) < search.TRIGRAM_LENGTH:
            return search.starts_with(self, ("first_name", "last_name"), word)
        if search.uses_fts(self.db):
            own = models.Q(pk__in=SEARCH_INDEX.ids([word]))
            organizations = ORGANIZATION_SEARCH_INDEX.ids([word], column="name")
        else:
            own = (
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(email__icontains=word)
            )
            organizations = Organization.objects.filter(name__icontains=word).values("pk")
        return models.Q(
            pk__in=search.any_of(self.model, own, models.Q(organization__in=organizations))
        )


class Contact(WorkspaceOwned):
    """A person at an organization."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    degree = models.CharField(_("academic degree"), max_length=40, blank=True, default="")
    first_name = models.CharField(_("first name"), max_length=100, blank=True, default="")
    last_name = models.CharField(_("last name"), max_length=100)
    department = models.CharField(_("department"), max_length=100, blank=True, default="")
    position = models.CharField(_("position"), max_length=100, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    phone = models.CharField(_("phone"), max_length=50, blank=True, default="")
    mailing_address = models.TextField(_("mailing address"), blank=True, default="", max_length=500)
    influence = models.CharField(
        _("influence"), max_length=10, choices=Influence.choices, default=Influence.MEDIUM
    )
    personality = models.CharField(
        _("personality"), max_length=15, choices=Personality.choices, blank=True, default=""
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["workspace", "deleted_at", "last_name"], name="contact_ws_alive"),
            models.Index(fields=["workspace", "organization"], name="contact_ws_org"),
            # The list's order, live rows only, ending in its tie-breaker "id": a page is an
            # index range and the total an index-only COUNT.
            models.Index(
                fields=["workspace", "last_name", "first_name", "id"],
                condition=models.Q(deleted_at__isnull=True),
                name="contact_alive_name",
            ),
            # With contact_ws_alive, a search of one or two letters reads index ranges;
            # not partial, as SQLite uses no partial index for a branch of an OR.
            models.Index(
                fields=["workspace", "deleted_at", "first_name"], name="contact_ws_alive_first"
            ),
            # PostgreSQL's search index (no SQL on SQLite, which has its FTS5 table).
            search.trigram_index("first_name", "contact_first_trgm"),
            search.trigram_index("last_name", "contact_last_trgm"),
            search.trigram_index("email", "contact_email_trgm"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.degree, self.first_name, self.last_name] if part)

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or "?").upper()
