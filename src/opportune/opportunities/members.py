"""Members: the contacts taking part in an opportunity, and the stakeholder map they form."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opportune.contacts import services as contact_services
from opportune.contacts.models import Contact, Influence

from .models import Attitude, Member, Opportunity


@transaction.atomic
def member_add(
    *,
    opportunity: Opportunity,
    actor,
    attitude: str,
    contact: Contact | None = None,
    new_contact: dict | None = None,
) -> Member:
    """Add an existing contact of the organization, or create a new one there first (it then
    shows under the organization too)."""
    if attitude not in Attitude.values:
        raise ValidationError({"attitude": _("Choose an attitude.")})
    if contact is None and new_contact:
        contact = contact_services.contact_create(
            workspace=opportunity.workspace,
            actor=actor,
            organization=opportunity.organization,
            **new_contact,
        )
    if contact is None:
        raise ValidationError({"contact": _("Choose a contact or enter a new one.")})
    if contact.organization_id != opportunity.organization_id or contact.deleted_at is not None:
        raise ValidationError(
            {
                "contact": _("Choose a contact of %(organization)s.")
                % {"organization": opportunity.organization}
            }
        )
    try:
        with transaction.atomic():
            return Member.objects.create(
                workspace=opportunity.workspace,
                opportunity=opportunity,
                contact=contact,
                attitude=attitude,
            )
    except IntegrityError:
        raise ValidationError(
            {"contact": _("%(name)s is already a member.") % {"name": contact.full_name}}
        ) from None


@transaction.atomic
def member_set_attitude(*, member: Member, actor, attitude: str) -> Member:
    if attitude not in Attitude.values:
        raise ValidationError({"attitude": _("Choose an attitude.")})
    member.attitude = attitude
    member.save(update_fields=["attitude"])
    return member


@transaction.atomic
def member_remove(*, member: Member, actor) -> None:
    """The contact stays with the organization; only its part in this opportunity ends."""
    member.delete()


INFLUENCE_ROWS = [Influence.TOP, Influence.HIGH, Influence.MEDIUM, Influence.LOW]
ATTITUDE_COLUMNS = [
    Attitude.OPPOSED,
    Attitude.SKEPTICAL,
    Attitude.NEUTRAL,
    Attitude.POSITIVE,
    Attitude.ENTHUSIASTIC,
]


def stakeholder_map(members) -> list[tuple[str, list[list[Member]]]]:
    """Rows of influence (top first) by columns of attitude (opposed … enthusiastic)."""
    cells = {(row, column): [] for row in INFLUENCE_ROWS for column in ATTITUDE_COLUMNS}
    for member in members:
        cells[(member.contact.influence, member.attitude)].append(member)
    return [
        (row.label, [cells[(row, column)] for column in ATTITUDE_COLUMNS]) for row in INFLUENCE_ROWS
    ]
