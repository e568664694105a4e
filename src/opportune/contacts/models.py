from django.db import models
from django.utils.translation import gettext_lazy as _

from opportune.organizations.models import Organization
from opportune.workspaces.models import TrashQuerySet, WorkspaceOwned


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
        text = text.strip()
        if not text:
            return self
        query = models.Q()
        for word in text.split()[:4]:
            query &= (
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(email__icontains=word)
                | models.Q(organization__name__icontains=word)
            )
        return self.filter(query)


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
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.degree, self.first_name, self.last_name] if part)

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or "?").upper()
