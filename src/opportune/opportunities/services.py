"""The rules of an opportunity's life. Pages, the board, the API and imports all call these.

Numbering, phase moves, won/lost/reopen, versions and history live here and nowhere else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.organizations.models import Organization

from . import custom_values
from .models import History, Opportunity, Phase, PhaseKind, Status

# Properties whose every change is written to the history.
TRACKED = ("phase", "status", "owner", "probability", "expected_value")


class StaleVersion(Exception):  # noqa: N818 (a domain outcome, not a programming error)
    """The opportunity was changed by someone else since the editor loaded it."""

    def __init__(self, current: Opportunity):
        super().__init__(f"{current.short_name} is at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class _Snapshot:
    values: dict

    @classmethod
    def of(cls, opportunity: Opportunity) -> "_Snapshot":
        return cls({name: getattr(opportunity, name) for name in TRACKED})


def _raw(name, value) -> str:
    if value is None:
        return ""
    if name in ("phase", "owner"):
        return str(value.pk)
    return str(value)


def _label(name, value) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(Status(value).label)
    if name == "owner":
        return value.display_name
    if name == "expected_value":
        return f"{value:.2f}"
    return str(value)


def _record_changes(opportunity: Opportunity, before: _Snapshot, actor) -> None:
    rows = []
    for name in TRACKED:
        old, new = before.values[name], getattr(opportunity, name)
        if old == new:
            continue
        rows.append(
            History(
                workspace_id=opportunity.workspace_id,
                opportunity=opportunity,
                actor=actor,
                field=name,
                old_value=_raw(name, old),
                new_value=_raw(name, new),
                old_label=_label(name, old),
                new_label=_label(name, new),
            )
        )
    History.objects.bulk_create(rows)


def _apply_phase(opportunity: Opportunity, phase: Phase) -> None:
    """A phase brings its default probability and, for won/lost phases, the matching status."""
    opportunity.phase = phase
    if not opportunity.probability_is_manual:
        opportunity.probability = phase.default_probability
    if phase.kind == PhaseKind.WON:
        _apply_won(opportunity)
    elif phase.kind == PhaseKind.LOST:
        _lose(opportunity, reason=opportunity.lost_reason)
    elif opportunity.status in (Status.IMPLEMENTATION, Status.LOST):
        # Back in an open phase means the deal is open again.
        opportunity.status = Status.SALES
        opportunity.closed_on = None
        opportunity.lost_reason = ""


def _apply_won(opportunity: Opportunity) -> None:
    opportunity.status = Status.IMPLEMENTATION
    opportunity.closed_on = timezone.localdate()
    opportunity.lost_reason = ""
    if not opportunity.probability_is_manual:
        opportunity.probability = 100


def _check_references(workspace, fields: dict) -> None:
    """Owner and category must belong to the workspace, whichever entry point sends them."""
    from opportune.workspaces.models import Membership

    owner, category = fields.get("owner"), fields.get("category")
    errors = {}
    if (
        owner is not None
        and not Membership.objects.filter(workspace=workspace, user=owner).exists()
    ):
        errors["owner"] = _("Choose a member of this workspace.")
    if category is not None and category.workspace_id != workspace.pk:
        errors["category"] = _("Choose a category of this workspace.")
    if errors:
        raise ValidationError(errors)


def _check_phase(workspace, phase: Phase) -> None:
    if phase is None or phase.workspace_id != workspace.pk:
        raise ValidationError({"phase": _("Choose a phase of this workspace.")})


@transaction.atomic
def opportunity_create(
    *,
    workspace,
    actor,
    organization: Organization,
    name: str,
    phase: Phase | None = None,
    probability: int | None = None,
    custom: dict | None = None,
    tags=(),
    **fields,
) -> Opportunity:
    """Create an opportunity named `KEY-N`, N counting per organization and never reused.

    The organization's counter row is locked and incremented inside this transaction
    (SELECT … FOR UPDATE on PostgreSQL, the IMMEDIATE write lock on SQLite); the unique
    constraint on (organization, number) is the backstop.
    """
    if organization.workspace_id != workspace.pk or organization.deleted_at is not None:
        raise ValidationError({"organization": _("Choose an organization of this workspace.")})
    if phase is None:
        phase = Phase.objects.in_workspace(workspace).filter(kind=PhaseKind.OPEN).first()
    _check_phase(workspace, phase)
    _check_references(workspace, fields)
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    Organization.objects.filter(pk=locked.pk).update(
        last_opportunity_number=F("last_opportunity_number") + 1
    )
    locked.refresh_from_db(fields=["last_opportunity_number", "key"])
    number = locked.last_opportunity_number
    opportunity = Opportunity(
        workspace=workspace,
        organization=locked,
        number=number,
        short_name=f"{locked.key}-{number}",
        name=name.strip(),
        created_by=actor,
        **fields,
    )
    if probability is not None:
        opportunity.probability = probability
        opportunity.probability_is_manual = True
    _apply_phase(opportunity, phase)
    opportunity.full_clean(exclude=["organization", "phase", "created_by", "owner", "category"])
    opportunity.save()
    if tags:
        opportunity.tags.set(tags)
    if custom:
        custom_values.store(opportunity, custom)
    History.objects.create(
        workspace=workspace,
        opportunity=opportunity,
        actor=actor,
        field=History.Field.CREATED,
        new_value=str(phase.pk),
        new_label=phase.name,
    )
    return opportunity


def _lock_current(opportunity: Opportunity, version: int | None) -> Opportunity:
    current = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("phase", "owner", "organization")
        .get(pk=opportunity.pk)
    )
    if version is not None and current.version != version:
        raise StaleVersion(current)
    return current


def _save(current: Opportunity, before: _Snapshot, actor, fields: set[str]) -> Opportunity:
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    _record_changes(current, before, actor)
    return current


EDITABLE = {
    "name",
    "category",
    "owner",
    "description",
    "source",
    "expected_value",
    "currency",
    "expected_close_on",
}


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    actor,
    version: int | None,
    changes: dict,
    tags=None,
    custom: dict | None = None,
) -> Opportunity:
    """Save an edit made on `version`; refuse it (StaleVersion) if someone saved in between.

    `changes` may also hold `phase`, `status` and `probability`; they follow the same rules
    as the dedicated moves below.
    """
    current = _lock_current(opportunity, version)
    _check_references(current.workspace, changes)
    before = _Snapshot.of(current)
    changed = set()
    unknown = set(changes) - EDITABLE - {"phase", "status", "probability"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name in EDITABLE & set(changes):
        if getattr(current, name) != changes[name]:
            setattr(current, name, changes[name])
            changed.add(name)
    if "probability" in changes and changes["probability"] != current.probability:
        _set_probability(current, changes["probability"])
        changed |= {"probability", "probability_is_manual"}
    if "phase" in changes and changes["phase"] != current.phase:
        _check_phase(current.workspace, changes["phase"])
        _apply_phase(current, changes["phase"])
        changed |= {"phase", "probability", "status", "closed_on", "lost_reason"}
    if "status" in changes and changes["status"] != current.status:
        _apply_status(current, changes["status"])
        changed |= {"phase", "status", "closed_on", "lost_reason", "probability"}
    current.full_clean(exclude=["organization", "phase", "created_by", "owner", "category"])
    if tags is not None:
        current.tags.set(tags)
    if custom is not None and custom_values.store(current, custom):
        changed.add("updated_at")
    if not changed and tags is None:
        return current
    return _save(current, before, actor, changed - {"updated_at"})


def _set_probability(opportunity: Opportunity, probability) -> None:
    if probability is None:
        # Empty means "follow the phase again".
        opportunity.probability_is_manual = False
        opportunity.probability = opportunity.phase.default_probability
    else:
        opportunity.probability_is_manual = True
        opportunity.probability = int(probability)


def _apply_status(opportunity: Opportunity, status: str) -> None:
    """A status chosen directly follows the same rules as the win/lose/reopen actions."""
    if status == Status.IMPLEMENTATION:
        _win(opportunity)
    elif status == Status.LOST:
        _lose(opportunity, reason="")
    elif status == Status.SALES:
        _reopen(opportunity)
    else:  # completed, on hold
        opportunity.status = status


def _win(opportunity: Opportunity) -> None:
    """Won: status Implementation, today's closing date, and the first won phase if any."""
    if opportunity.phase.kind != PhaseKind.WON:
        won_phase = (
            Phase.objects.in_workspace(opportunity.workspace_id).filter(kind=PhaseKind.WON).first()
        )
        if won_phase is not None:
            opportunity.phase = won_phase
    _apply_won(opportunity)


def _lose(opportunity: Opportunity, reason: str) -> None:
    """Lost, with the reason; the first lost phase if the workspace has one."""
    if opportunity.phase.kind != PhaseKind.LOST:
        lost_phase = (
            Phase.objects.in_workspace(opportunity.workspace_id).filter(kind=PhaseKind.LOST).first()
        )
        if lost_phase is not None:
            opportunity.phase = lost_phase
    opportunity.status = Status.LOST
    opportunity.closed_on = timezone.localdate()
    opportunity.lost_reason = reason
    if not opportunity.probability_is_manual:
        opportunity.probability = 0


def _reopen(opportunity: Opportunity) -> None:
    opportunity.status = Status.SALES
    opportunity.closed_on = None
    opportunity.lost_reason = ""
    if opportunity.phase.kind != PhaseKind.OPEN:
        last_open = (
            Phase.objects.in_workspace(opportunity.workspace)
            .filter(kind=PhaseKind.OPEN)
            .order_by("-position")
            .first()
        )
        opportunity.phase = last_open
    if not opportunity.probability_is_manual:
        opportunity.probability = opportunity.phase.default_probability


ALL_STATE_FIELDS = ["phase", "status", "probability", "closed_on", "lost_reason"]


@transaction.atomic
def opportunity_move_to_phase(
    *, opportunity: Opportunity, actor, phase: Phase, version: int | None = None
) -> Opportunity:
    """Move to `phase` (board drag, phase menu). Won phases win, lost phases lose."""
    current = _lock_current(opportunity, version)
    _check_phase(current.workspace, phase)
    if current.phase_id == phase.pk:
        return current
    before = _Snapshot.of(current)
    _apply_phase(current, phase)
    return _save(current, before, actor, set(ALL_STATE_FIELDS))


@transaction.atomic
def opportunity_change_status(
    *, opportunity: Opportunity, actor, status: str, version: int | None = None
) -> Opportunity:
    if status not in Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status == Status.LOST:
        return opportunity_lose(opportunity=opportunity, actor=actor, reason="", version=version)
    current = _lock_current(opportunity, version)
    if current.status == status:
        return current
    before = _Snapshot.of(current)
    _apply_status(current, status)
    return _save(current, before, actor, set(ALL_STATE_FIELDS))


@transaction.atomic
def opportunity_win(*, opportunity: Opportunity, actor, version: int | None = None) -> Opportunity:
    current = _lock_current(opportunity, version)
    before = _Snapshot.of(current)
    _win(current)
    return _save(current, before, actor, set(ALL_STATE_FIELDS))


@transaction.atomic
def opportunity_lose(
    *, opportunity: Opportunity, actor, reason: str, version: int | None = None
) -> Opportunity:
    reason = reason.strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    current = _lock_current(opportunity, version)
    before = _Snapshot.of(current)
    _lose(current, reason)
    return _save(current, before, actor, set(ALL_STATE_FIELDS))


@transaction.atomic
def opportunity_reopen(
    *, opportunity: Opportunity, actor, version: int | None = None
) -> Opportunity:
    """Back to Sales; from a won or lost phase it returns to the last open phase."""
    current = _lock_current(opportunity, version)
    before = _Snapshot.of(current)
    _reopen(current)
    return _save(current, before, actor, set(ALL_STATE_FIELDS))


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity, actor) -> None:
    Opportunity.objects.filter(pk=opportunity.pk).update(deleted_at=timezone.now())


@transaction.atomic
def opportunity_restore(*, opportunity: Opportunity, actor) -> Opportunity:
    if opportunity.organization.deleted_at is not None:
        raise ValidationError(
            _("Restore the organization %(name)s first.") % {"name": opportunity.organization}
        )
    Opportunity.objects.filter(pk=opportunity.pk).update(deleted_at=None)
    opportunity.deleted_at = None
    return opportunity


def weighted_value(opportunity: Opportunity) -> Decimal | None:
    if opportunity.expected_value is None:
        return None
    return (opportunity.expected_value * opportunity.probability / 100).quantize(Decimal("0.01"))
