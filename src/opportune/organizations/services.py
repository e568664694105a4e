"""Every write to organizations: keys, create, edit, soft delete and restore."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.tags.services import validate_tags

from .keys import KEY_PATTERN, propose_key
from .models import Organization, RetiredKey
from .signals import organization_renamed

FIELDS = ("name", "street", "postcode", "city", "country", "email", "phone", "website")


def _taken_keys(workspace, exclude: Organization | None) -> set[str]:
    """Keys of the workspace's organizations and the keys they retired; `exclude` may have
    its own back."""
    organizations = Organization.objects.in_workspace(workspace)
    retired = RetiredKey.objects.in_workspace(workspace)
    if exclude is not None:
        organizations = organizations.exclude(pk=exclude.pk)
        retired = retired.exclude(organization=exclude)
    return set(organizations.values_list("key", flat=True)) | set(
        retired.values_list("key", flat=True)
    )


def proposed_key(workspace, name: str, exclude: Organization | None = None) -> str:
    return propose_key(name, _taken_keys(workspace, exclude))


def validate_key(workspace, key: str, organization: Organization | None = None) -> str:
    """The key as stored (upper case), or a ValidationError that says what is wrong."""
    key = key.strip().upper()
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            {"key": _("Use 2 to 6 capital letters or digits, starting with a letter.")}
        )
    others = Organization.objects.in_workspace(workspace)
    retired = RetiredKey.objects.in_workspace(workspace).filter(key=key)
    if organization is not None:
        others = others.exclude(pk=organization.pk)
        retired = retired.exclude(organization=organization)
    holder = others.filter(key=key).first()
    if holder is not None:
        raise ValidationError(
            {
                "key": _("The key %(key)s is already used by %(name)s.")
                % {"key": key, "name": holder.name}
            }
        )
    # Short names are kept for good, so a key another organization once had stays taken.
    if retired.exists():
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
    tags = validate_tags(workspace, tags)
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
    """Save an edit; an empty key keeps the current one (the form says "leave it empty")."""
    key = validate_key(organization.workspace, key, organization) if key.strip() else ""
    if tags is not None:
        tags = validate_tags(organization.workspace, tags)
    # Fresh and locked: the passed copy may be older than the last opportunity numbered, and
    # opportunity_create locks this row too, so no number slips in under the old key unseen.
    old_key, numbered = (
        Organization.objects.select_for_update()
        .values_list("key", "last_opportunity_number")
        .get(pk=organization.pk)
    )
    key = key or old_key
    if key != old_key and numbered:
        RetiredKey.objects.get_or_create(
            workspace_id=organization.workspace_id,
            key=old_key,
            defaults={"organization": organization},
        )
    organization.key = key
    old_name = organization.name
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(f"not editable: {name}")
        setattr(organization, name, value)
    organization.full_clean(exclude=["workspace", "tags"])
    # Never the counter: a copy loaded earlier would write an old number back.
    organization.save(update_fields=["key", *fields, "updated_at"])
    if organization.name != old_name:
        organization_renamed.send(sender=Organization, organization=organization)
    if tags is not None:
        organization.tags.set(tags)
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization, actor, at=None) -> None:
    """Move the organization to the trash. Its contacts and opportunities go along at the
    same instant `at` through trash.services.organization_trash."""
    organization.deleted_at = at or timezone.now()
    Organization.objects.filter(pk=organization.pk).update(deleted_at=organization.deleted_at)


@transaction.atomic
def organization_restore(*, organization: Organization, actor) -> Organization:
    Organization.objects.filter(pk=organization.pk).update(deleted_at=None)
    organization.deleted_at = None
    return organization
