"""Every write to contacts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contact

FIELDS = (
    "degree",
    "first_name",
    "last_name",
    "department",
    "position",
    "email",
    "phone",
    "mailing_address",
    "influence",
    "personality",
)


def _check_organization(workspace, organization) -> None:
    if organization.workspace_id != workspace.pk or organization.deleted_at is not None:
        raise ValidationError({"organization": _("Choose an organization of this workspace.")})


@transaction.atomic
def contact_create(*, workspace, actor, organization, **fields) -> Contact:
    _check_organization(workspace, organization)
    contact = Contact(workspace=workspace, organization=organization, **fields)
    contact.full_clean(exclude=["workspace", "organization"])
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor, **fields) -> Contact:
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(f"not editable: {name}")
        setattr(contact, name, value)
    contact.full_clean(exclude=["workspace", "organization"])
    contact.save(update_fields=[*fields, "updated_at"])
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor) -> None:
    Contact.objects.filter(pk=contact.pk).update(deleted_at=timezone.now())


@transaction.atomic
def contacts_of_organization_delete(*, organization, actor, at) -> None:
    """Move the organization's contacts to the trash at `at`, the instant it went itself."""
    Contact.objects.filter(organization=organization).move_to_trash(at)


@transaction.atomic
def contacts_of_organization_restore(*, organization, actor, at) -> None:
    """Bring back the contacts that went to the trash with their organization at `at`;
    those deleted before stay in the trash."""
    Contact.objects.filter(organization=organization).restore_trashed_at(at)


@transaction.atomic
def contact_restore(*, contact: Contact, actor) -> Contact:
    if contact.organization.deleted_at is not None:
        raise ValidationError(
            _("Restore the organization %(name)s first.") % {"name": contact.organization}
        )
    Contact.objects.filter(pk=contact.pk).update(deleted_at=None)
    contact.deleted_at = None
    return contact
