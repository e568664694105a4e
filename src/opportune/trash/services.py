"""An organization goes to the trash and comes back together with its contacts and
opportunities. Each app writes its own rows; this module only decides what goes together."""

from django.db import transaction
from django.utils import timezone

from opportune.contacts import services as contact_services
from opportune.opportunities import services as opportunity_services
from opportune.organizations import services as organization_services
from opportune.organizations.models import Organization


@transaction.atomic
def organization_trash(*, organization: Organization, actor) -> None:
    """Move the organization, its contacts and its opportunities to the trash at one instant,
    so that restoring brings back exactly what went with it."""
    at = timezone.now()
    opportunity_services.opportunities_of_organization_delete(
        organization=organization, actor=actor, at=at
    )
    contact_services.contacts_of_organization_delete(organization=organization, actor=actor, at=at)
    organization_services.organization_delete(organization=organization, actor=actor, at=at)


@transaction.atomic
def organization_restore(*, organization: Organization, actor) -> Organization:
    """Bring back the organization and the contacts and opportunities that went with it;
    those deleted earlier on their own stay in the trash."""
    at = organization.deleted_at
    if at is None:
        return organization
    organization_services.organization_restore(organization=organization, actor=actor)
    contact_services.contacts_of_organization_restore(organization=organization, actor=actor, at=at)
    opportunity_services.opportunities_of_organization_restore(
        organization=organization, actor=actor, at=at
    )
    return organization
