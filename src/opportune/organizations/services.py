"""Every write to organizations: keys, create, edit, soft delete and restore."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .keys import KEY_PATTERN, propose_key
from .models import Organization

FIELDS = ("name", "street", "postcode", "city", "country", "email", "phone", "website")


class _TakenKeys:
    """Keys of the workspace's organizations, and prefixes its short names already carry
    (an organization whose key changed leaves its old prefix on its opportunities)."""

    def __init__(self, workspace, exclude: Organization | None):
        from opportune.opportunities.models import Opportunity

        self.keys = set(Organization.objects.in_workspace(workspace).values_list("key", flat=True))
        self.opportunities = Opportunity.objects.in_workspace(workspace)
        if exclude is not None:
            self.keys.discard(exclude.key)
            self.opportunities = self.opportunities.exclude(organization=exclude)

    def __contains__(self, key: str) -> bool:
        if key in self.keys:
            return True
        return self.opportunities.filter(short_name__startswith=f"{key}-").exists()


def proposed_key(workspace, name: str, exclude: Organization | None = None) -> str:
    return propose_key(name, _TakenKeys(workspace, exclude))


def validate_key(workspace, key: str, organization: Organization | None = None) -> str:
    """The key as stored (upper case), or a ValidationError that says what is wrong."""
    from opportune.opportunities.models import Opportunity

    key = key.strip().upper()
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            {"key": _("Use 2 to 6 capital letters or digits, starting with a letter.")}
        )
    others = Organization.objects.in_workspace(workspace)
    if organization is not None:
        others = others.exclude(pk=organization.pk)
    holder = others.filter(key=key).first()
    if holder is not None:
        raise ValidationError(
            {
                "key": _("The key %(key)s is already used by %(name)s.")
                % {"key": key, "name": holder.name}
            }
        )
    # Short names are kept for good, so a key another organization once had stays taken.
    used = Opportunity.objects.in_workspace(workspace).filter(short_name__startswith=f"{key}-")
    if organization is not None:
        used = used.exclude(organization=organization)
    if used.exists():
        raise ValidationError(
            {"key": _("The key %(key)s was used by another organization before.") % {"key": key}}
        )
    return key


@transaction.atomic
def organization_create(*, workspace, actor, key: str = "", tags=(), **fields) -> Organization:
    name = fields.get("name", "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the organization's name.")})
    key = validate_key(workspace, key) if key.strip() else proposed_key(workspace, name)
    organization = Organization(workspace=workspace, key=key, **fields)
    organization.full_clean(exclude=["workspace", "tags"])
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        # Someone took the key a moment ago.
        raise ValidationError(
            {"key": _("The key %(key)s is already used.") % {"key": key}}
        ) from None
    organization.tags.set(tags)
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, actor, key: str, tags=None, **fields):
    organization.key = validate_key(organization.workspace, key, organization)
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(f"not editable: {name}")
        setattr(organization, name, value)
    organization.full_clean(exclude=["workspace", "tags"])
    # Never the counter: a copy loaded earlier would write an old number back.
    organization.save(update_fields=["key", *fields, "updated_at"])
    if tags is not None:
        organization.tags.set(tags)
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization, actor) -> None:
    """Move the organization, its contacts and opportunities to the trash, all at one instant,
    so that restoring brings back exactly what went with it."""
    from opportune.contacts.models import Contact
    from opportune.opportunities.models import Opportunity

    now = timezone.now()
    Opportunity.objects.filter(organization=organization, deleted_at__isnull=True).update(
        deleted_at=now
    )
    Contact.objects.filter(organization=organization, deleted_at__isnull=True).update(
        deleted_at=now
    )
    Organization.objects.filter(pk=organization.pk).update(deleted_at=now)


@transaction.atomic
def organization_restore(*, organization: Organization, actor) -> Organization:
    from opportune.contacts.models import Contact
    from opportune.opportunities.models import Opportunity

    deleted_at = organization.deleted_at
    if deleted_at is None:
        return organization
    Opportunity.objects.filter(organization=organization, deleted_at=deleted_at).update(
        deleted_at=None
    )
    Contact.objects.filter(organization=organization, deleted_at=deleted_at).update(deleted_at=None)
    Organization.objects.filter(pk=organization.pk).update(deleted_at=None)
    organization.deleted_at = None
    return organization
