"""The rules of an opportunity's life. Pages, the board, the API and imports all call these.

Numbering, phase moves, won/lost/reopen, versions and history live here and nowhere else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    F,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.organizations.models import Organization
from opportune.pipeline.models import Phase, PhaseKind
from opportune.pipeline.services import phase_hold
from opportune.tags.services import validate_tags

from . import custom_values
from .models import History, Opportunity, Status

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


# A display name can be a 254-character e-mail address; PostgreSQL refuses what does not fit.
LABEL_MAX = History._meta.get_field("new_label").max_length


def _label(name, value) -> str:
    """How the history names a value, cut to fit its column."""
    label = _readable(name, value)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _readable(name, value) -> str:
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
    History.objects.bulk_create(
        _history_row(opportunity.pk, opportunity.workspace_id, actor, name, old, new)
        for name in TRACKED
        if (old := before.values[name]) != (new := getattr(opportunity, name))
    )


def phase_effects(phase: Phase, *, status: str, probability_is_manual: bool) -> dict:
    """What reaching `phase` sets on an opportunity: the one rule of phase moves.

    A phase brings its default probability; a won phase wins, a lost phase loses, and an open
    phase reopens a won or lost deal. Single moves and the bulk move of a removed phase's
    opportunities both apply exactly this.
    """
    effects = {"phase": phase, "phase_position": phase.position}
    if not probability_is_manual:
        effects["probability"] = phase.default_probability
    if phase.kind == PhaseKind.WON:
        effects |= {"status": Status.IMPLEMENTATION, "lost_reason": ""}
        effects["closed_on"] = timezone.localdate()
        if not probability_is_manual:
            effects["probability"] = 100
    elif phase.kind == PhaseKind.LOST:
        effects |= {"status": Status.LOST, "closed_on": timezone.localdate()}
        if not probability_is_manual:
            effects["probability"] = 0
    elif status in (Status.IMPLEMENTATION, Status.LOST):
        # Back in an open phase means the deal is open again.
        effects |= {"status": Status.SALES, "closed_on": None, "lost_reason": ""}
    return effects


def _apply_phase(opportunity: Opportunity, phase: Phase) -> None:
    effects = phase_effects(
        phase, status=opportunity.status, probability_is_manual=opportunity.probability_is_manual
    )
    for name, value in effects.items():
        setattr(opportunity, name, value)


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
    """The phase belongs to the workspace and stays until the caller's transaction ends."""
    if phase is None or phase.workspace_id != workspace.pk:
        raise ValidationError({"phase": _("Choose a phase of this workspace.")})
    if not phase_hold(phase):
        raise ValidationError({"phase": _("This phase was removed meanwhile. Choose another.")})


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
    tags = validate_tags(workspace, tags)
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    Organization.objects.filter(pk=locked.pk).update(
        last_opportunity_number=F("last_opportunity_number") + 1
    )
    locked.refresh_from_db(fields=["last_opportunity_number", "key", "name"])
    number = locked.last_opportunity_number
    opportunity = Opportunity(
        workspace=workspace,
        organization=locked,
        number=number,
        short_name=f"{locked.key}-{number}",
        short_name_key=locked.key,
        organization_sort_name=locked.name,
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
    _activity_after_change(Opportunity.objects.filter(pk=opportunity.pk))
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
    # Won, lost and reopened deals may change phase without _apply_phase.
    current.phase_position = current.phase.position
    current.save(update_fields=[*fields, "phase_position", "version", "updated_at"])
    _record_changes(current, before, actor)
    _activity_after_change(Opportunity.objects.filter(pk=current.pk))
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
    if tags is not None:
        tags = validate_tags(current.workspace, tags)
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


def _history_row(opportunity_id, workspace_id, actor, name, old, new) -> History:
    return History(
        workspace_id=workspace_id,
        opportunity_id=opportunity_id,
        actor=actor,
        field=name,
        old_value=_raw(name, old),
        new_value=_raw(name, new),
        old_label=_label(name, old),
        new_label=_label(name, new),
    )


@transaction.atomic
def opportunities_move_out_of_phase(*, phase: Phase, move_to: Phase, actor) -> int:
    """Move every opportunity of `phase` (trashed ones too) to `move_to`, set-based.

    `phase_effects` decides the new state of each (status, manual probability) pair exactly as
    for a single move. One locked read, then per pair one INSERT … SELECT per changed property
    and one UPDATE: the number of queries does not grow with the number of opportunities (at
    most ten pairs). Runs in the caller's transaction.
    """
    held = Opportunity.objects.filter(workspace_id=phase.workspace_id, phase=phase)
    # Locked: no opportunity changes between reading its state and moving it.
    rows = list(held.select_for_update().values_list("status", "probability_is_manual"))
    now = timezone.now()
    for status, manual in sorted(set(rows)):
        effects = phase_effects(move_to, status=status, probability_is_manual=manual)
        pair = held.filter(status=status, probability_is_manual=manual)
        _record_bulk_changes(pair, {"phase": phase, "status": status}, effects, actor, now)
        pair.update(**effects, version=F("version") + 1, updated_at=now)
    _activity_after_change(held)
    return len(rows)


def _record_bulk_changes(opportunities, before: dict, effects: dict, actor, at) -> None:
    """The history rows `_record_changes` would write for each of `opportunities` reaching
    `effects`, in one statement per property. `before` holds what they share (phase, status);
    the others (probability) are read from each row."""
    for name in TRACKED:
        if name not in effects:
            continue
        new = effects[name]
        if name in before:
            if before[name] == new:
                continue
            changed = opportunities
            old_value = Value(_raw(name, before[name]))
            old_label = Value(_label(name, before[name]))
        else:  # a number: its raw value is its label
            changed = opportunities.exclude(**{name: new})
            old_value = old_label = Cast(name, CharField())
        _insert_history(
            changed,
            workspace=F("workspace_id"),
            opportunity=F("pk"),
            actor=Value(getattr(actor, "pk", None), output_field=BigIntegerField()),
            field=Value(name),
            old_value=old_value,
            new_value=Value(_raw(name, new)),
            old_label=old_label,
            new_label=Value(_label(name, new)),
            created_at=Value(at, output_field=DateTimeField()),
        )


def _insert_history(opportunities, **columns) -> None:
    """INSERT INTO history … SELECT `columns` FROM `opportunities`: one row per opportunity,
    written by the database. Django has no INSERT … SELECT, so the ORM compiles the SELECT."""
    select = opportunities.order_by("pk").values(
        **{f"history_{name}": expression for name, expression in columns.items()}
    )
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(History._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(History._meta.db_table)} ({names}) {sql}", params)


def move_out_of_removed_phase(sender, *, phase: Phase, move_to: Phase, actor, **kwargs):
    """Receiver of pipeline's `phase_removing`: nothing is orphaned when a phase goes."""
    opportunities_move_out_of_phase(phase=phase, move_to=move_to, actor=actor)


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
def opportunities_of_organization_delete(*, organization, actor, at) -> None:
    """Move the organization's opportunities to the trash at `at`, the instant it went itself."""
    Opportunity.objects.filter(organization=organization).move_to_trash(at)


@transaction.atomic
def opportunities_of_organization_restore(*, organization, actor, at) -> None:
    """Bring back the opportunities that went to the trash with their organization at `at`;
    those deleted before stay in the trash."""
    Opportunity.objects.filter(organization=organization).restore_trashed_at(at)


@transaction.atomic
def opportunity_restore(*, opportunity: Opportunity, actor) -> Opportunity:
    if opportunity.organization.deleted_at is not None:
        raise ValidationError(
            _("Restore the organization %(name)s first.") % {"name": opportunity.organization}
        )
    Opportunity.objects.filter(pk=opportunity.pk).update(deleted_at=None)
    opportunity.deleted_at = None
    return opportunity


# With the workspace the subqueries read the (workspace, opportunity, …) indexes.
_SAME_OPPORTUNITY = {"workspace": OuterRef("workspace"), "opportunity": OuterRef("pk")}


def _latest(first, second):
    # Greatest is NULL on SQLite when either side is: each side falls back to the other.
    return Greatest(Coalesce(first, second), Coalesce(second, first))


def _last_change():
    changes = History.objects.filter(**_SAME_OPPORTUNITY).order_by("-created_at")
    return _first(changes, "created_at")


def _activity_after_change(opportunities) -> None:
    """A recorded change is activity: the later of it and what is stored already."""
    opportunities.update(last_activity_at=_latest(F("last_activity_at"), _last_change()))


def opportunities_tasks_summary_store(*, opportunities, open_task_count) -> None:
    """The tasks app reports how many tasks of these opportunities are open (a number, or an
    expression for bulk writes); the list shows and sorts by this copy."""
    opportunities.update(open_task_count=open_task_count)


def opportunities_journal_summary_store(*, opportunities, next_reminder_on, last_entry_at) -> None:
    """The journal reports the earliest open reminder and the latest entry of these opportunities
    (values, or expressions for bulk writes). Last activity is the later of that entry and the
    last recorded change. Journal and tasks sit above this app, so they report; it never reads
    their tables."""
    if not hasattr(last_entry_at, "resolve_expression"):
        last_entry_at = Value(last_entry_at, output_field=DateTimeField())
    opportunities.update(
        next_reminder_on=next_reminder_on,
        last_activity_at=_latest(last_entry_at, _last_change()),
    )


def _first(rows, column):
    return Subquery(rows.values(column)[:1])


def copy_organization_name(sender, *, organization, **kwargs):
    """Receiver of organizations' `organization_renamed`: the list sorts by the copy."""
    Opportunity.objects.filter(organization=organization).update(
        organization_sort_name=organization.name
    )


def copy_phase_positions(sender, *, workspace_id, **kwargs):
    """Receiver of pipeline's `phases_reordered`: the list sorts by the copy."""
    position = Phase.objects.filter(pk=OuterRef("phase_id")).values("position")
    Opportunity.objects.filter(workspace_id=workspace_id).update(phase_position=Subquery(position))


def weighted_value(opportunity: Opportunity) -> Decimal | None:
    if opportunity.expected_value is None:
        return None
    return (opportunity.expected_value * opportunity.probability / 100).quantize(Decimal("0.01"))
