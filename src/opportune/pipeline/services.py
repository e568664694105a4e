"""Pipeline settings of a workspace: phases, categories and custom fields (tags: tags.services).

Every write here keeps the pipeline whole: a phase that holds opportunities is only removed
together with moving them, at least one open phase always remains, and a custom field's type
never changes under stored values.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from opportune.core.colours import Colour
from opportune.core.names import name_taken
from opportune.workspaces.signals import workspace_created

from . import builtin_fields
from .models import (
    SELECT_TYPES,
    Category,
    CustomField,
    CustomFieldOption,
    FieldType,
    Phase,
    PhaseKind,
)
from .signals import phase_removing, phases_reordered


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _save_unique(instance, field: str, message: str, update_fields=None):
    """Save, turning a unique clash into a message at `field`. Edits name their columns, so a
    copy loaded earlier never writes back what another request changed (e.g. positions)."""
    instance.full_clean(exclude=["workspace"])
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError:
        raise ValidationError({field: message}) from None
    return instance


def _name_taken():
    return _("This name is already in use.")


def _check_name_free(queryset, name: str, exclude=None) -> None:
    """Names differ in more than case: "Research" and "research" would be two phases no one
    tells apart (the database's `*_name_unique_ci` constraints are the backstop)."""
    if name_taken(queryset, name, exclude=exclude):
        raise ValidationError({"name": _name_taken()})


# Phases


def default_phases():
    return [
        (_("Uncontacted"), Colour.GREY, 5, PhaseKind.OPEN),
        (_("Research"), Colour.BLUE, 10, PhaseKind.OPEN),
        (_("Contact made"), Colour.TEAL, 25, PhaseKind.OPEN),
        (_("Reminder"), Colour.YELLOW, 40, PhaseKind.OPEN),
        (_("Implementation"), Colour.ORANGE, 75, PhaseKind.OPEN),
        (_("Won"), Colour.GREEN, 100, PhaseKind.WON),
        (_("Finished"), Colour.PURPLE, 100, PhaseKind.WON),
    ]


def create_defaults(*, sender, workspace, **kwargs):
    """A new workspace starts with the phases and categories of the source documents."""
    Phase.objects.bulk_create(
        Phase(
            workspace=workspace,
            name=name,
            colour=colour,
            default_probability=probability,
            kind=kind,
            position=position,
        )
        for position, (name, colour, probability, kind) in enumerate(default_phases(), start=1)
    )
    Category.objects.bulk_create(
        Category(workspace=workspace, name=name, position=position)
        for position, name in enumerate([_("Onboarding"), _("Maintenance")], start=1)
    )


workspace_created.connect(create_defaults, dispatch_uid="pipeline_defaults")


@transaction.atomic
def phase_create(*, workspace, name, colour, default_probability, kind) -> Phase:
    phase = Phase(
        workspace=workspace,
        name=name.strip(),
        colour=colour,
        default_probability=default_probability,
        kind=kind,
        position=_next_position(Phase.objects.in_workspace(workspace)),
    )
    _check_name_free(Phase.objects.in_workspace(workspace), phase.name)
    return _save_unique(phase, "name", _name_taken())


def _open_phases_left(phase: Phase) -> int:
    """Open phases besides `phase`, locked until the transaction ends (PostgreSQL): two admins
    removing or closing the last two open phases at once are served one after the other, and
    the second finds none left. (SQLite's write lock serializes them anyway.)"""
    open_phases = (
        Phase.objects.in_workspace(phase.workspace_id)
        .filter(kind=PhaseKind.OPEN)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in open_phases if pk != phase.pk)


@transaction.atomic
def phase_update(*, phase: Phase, name, colour, default_probability, kind) -> Phase:
    if phase.kind == PhaseKind.OPEN and kind != PhaseKind.OPEN and not _open_phases_left(phase):
        raise ValidationError({"kind": _("At least one open phase must remain.")})
    if kind != phase.kind:
        held = phase.opportunities.count()
        if held:
            # Its opportunities' status follows the kind; changing it under them would leave
            # won deals in an open phase or open deals in a won one.
            raise ValidationError(
                {
                    "kind": _(
                        "%(count)s opportunities are in this phase. Move them to another phase "
                        "first, or create a new phase of the kind you need."
                    )
                    % {"count": held}
                }
            )
    phase.name, phase.colour = name.strip(), colour
    phase.default_probability, phase.kind = default_probability, kind
    _check_name_free(Phase.objects.in_workspace(phase.workspace_id), phase.name, exclude=phase)
    return _save_unique(
        phase, "name", _name_taken(), ["name", "colour", "default_probability", "kind"]
    )


@transaction.atomic
def phases_reorder(*, workspace, phase_ids: list[int]) -> None:
    """Set the order to `phase_ids`, which must name every phase of the workspace once."""
    phases = {phase.pk: phase for phase in Phase.objects.in_workspace(workspace)}
    if sorted(phase_ids) != sorted(phases):
        raise ValidationError(_("The phases have changed meanwhile; reload and try again."))
    for position, phase_id in enumerate(phase_ids, start=1):
        phases[phase_id].position = position
    Phase.objects.bulk_update(phases.values(), ["position"])
    phases_reordered.send(sender=Phase, workspace_id=workspace.pk)


@transaction.atomic
def phase_move(*, phase: Phase, offset: int) -> None:
    """Move one step up (-1) or down (+1): the keyboard's way to reorder."""
    ids = list(Phase.objects.in_workspace(phase.workspace_id).values_list("pk", flat=True))
    index = ids.index(phase.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    phases_reorder(workspace=phase.workspace, phase_ids=ids)


@transaction.atomic
def phase_remove(*, phase: Phase, actor, move_to: Phase | None = None) -> int:
    """Remove a phase; its opportunities (also those in the trash) move to `move_to` first.

    Returns how many opportunities moved. The opportunities app moves them (signal
    `phase_removing`) by the same rule as any phase change, recorded in the history.
    """
    # Every phase of the workspace is locked first, in the order all phase changes lock them:
    # nothing moves into this one while its opportunities are counted and moved.
    locked = Phase.objects.in_workspace(phase.workspace_id).select_for_update()
    if phase.pk not in set(locked.values_list("pk", flat=True)):
        raise ValidationError(_("This phase was removed meanwhile."))
    if phase.kind == PhaseKind.OPEN and not _open_phases_left(phase):
        raise ValidationError(_("At least one open phase must remain."))
    held = phase.opportunities.count()
    if held:
        if move_to is None:
            raise ValidationError({"move_to": _("Choose the phase its opportunities move to.")})
        if move_to.pk == phase.pk or move_to.workspace_id != phase.workspace_id:
            raise ValidationError({"move_to": _("Choose another phase of this workspace.")})
        if not phase_hold(move_to):
            raise ValidationError({"move_to": _("That phase was removed meanwhile.")})
        phase_removing.send(sender=Phase, phase=phase, move_to=move_to, actor=actor)
    phase.delete()
    return held


def phase_hold(phase: Phase) -> bool:
    """Keep `phase` from being removed until this transaction ends; False if it is gone.

    A removal locks the phase FOR UPDATE; whoever puts an opportunity into it takes FOR KEY
    SHARE, so the two wait for each other while moves into one phase never wait for each other
    (Django has no API for this lock mode). SQLite's IMMEDIATE transactions serialise writers.
    """
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    table = connection.ops.quote_name(Phase._meta.db_table)
    with connection.cursor() as cursor:
        # Only the model's own table name is formatted in; the id is a parameter.
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s{lock}", [phase.pk])  # noqa: S608
        return cursor.fetchone() is not None


# Categories


@transaction.atomic
def category_create(*, workspace, name) -> Category:
    category = Category(
        workspace=workspace,
        name=name.strip(),
        position=_next_position(Category.objects.in_workspace(workspace)),
    )
    _check_name_free(Category.objects.in_workspace(workspace), category.name)
    return _save_unique(category, "name", _name_taken())


@transaction.atomic
def category_rename(*, category: Category, name) -> Category:
    category.name = name.strip()
    _check_name_free(
        Category.objects.in_workspace(category.workspace_id), category.name, exclude=category
    )
    return _save_unique(category, "name", _name_taken(), ["name"])


@transaction.atomic
def category_remove(*, category: Category) -> None:
    """Opportunities of a removed category keep everything else and have no category."""
    category.delete()


# Custom fields


@transaction.atomic
def custom_field_create(
    *, workspace, label, key, type, is_required, is_shown_in_list, currency="EUR", options=()
) -> CustomField:
    field = CustomField(
        workspace=workspace,
        label=label.strip(),
        key=key.strip(),
        type=type,
        is_required=is_required,
        is_shown_in_list=is_shown_in_list,
        currency=currency if type == FieldType.MONEY else "",
        position=_next_position(CustomField.objects.in_workspace(workspace)),
    )
    _check_not_built_in(field.label, field.key)
    _check_field_unique(field)
    field = _save_unique(field, "key", _("This key is already in use."))
    if field.is_select:
        _add_options(field, options)
        if not options:
            raise ValidationError({"options": _("A select field needs at least one option.")})
    return field


def _check_not_built_in(label: str, key: str, *, old_label="", old_key="") -> None:
    """A custom field may not pose as a built-in one: two "Source" fields on one page drift
    apart. Only a new label or key is checked, so fields made before this rule stay editable."""
    errors = {}
    built_in = builtin_fields.built_in_label(label)
    if built_in and label.casefold() != old_label.casefold():
        errors["label"] = _("Opportunities have a built-in field “%(label)s”; use it instead.") % {
            "label": built_in
        }
    if key in builtin_fields.KEYS and key != old_key:
        errors["key"] = _("“%(key)s” is the key of a built-in field; choose another key.") % {
            "key": key
        }
    if errors:
        raise ValidationError(errors)


def _check_field_unique(field: CustomField) -> None:
    others = CustomField.objects.in_workspace(field.workspace_id).exclude(pk=field.pk)
    if others.filter(key=field.key).exists():
        raise ValidationError({"key": _("This key is already in use.")})
    if others.filter(label=field.label).exists():
        raise ValidationError({"label": _("This label is already in use.")})


def _add_options(field: CustomField, labels) -> None:
    labels = [label.strip() for label in labels if label.strip()]
    if len({label.lower() for label in labels}) != len(labels):
        raise ValidationError({"options": _("Each option may appear only once.")})
    start = _next_position(field.options.all())
    existing = {option.label.lower() for option in field.options.all()}
    for offset, label in enumerate(labels):
        if label.lower() in existing:
            raise ValidationError(
                {"options": _("The option “%(option)s” exists already.") % {"option": label}}
            )
        if len(label) > 100:
            raise ValidationError({"options": _("Keep each option under 100 characters.")})
        CustomFieldOption.objects.create(
            workspace_id=field.workspace_id, field=field, label=label, position=start + offset
        )


@transaction.atomic
def custom_field_update(
    *, field: CustomField, label, key, type, is_required, is_shown_in_list, currency="EUR"
) -> CustomField:
    # Locked like option_remove locks it, so "required" and "no options left" never meet.
    CustomField.objects.select_for_update().filter(pk=field.pk).exists()
    if type != field.type and field.values.exists():
        used = field.values.values("opportunity").distinct()
        raise ValidationError(
            {
                "type": _(
                    "The type cannot change while %(count)s opportunities have a value in "
                    "this field. Create a new field instead."
                )
                % {"count": used.count()}
            }
        )
    _check_not_built_in(label.strip(), key.strip(), old_label=field.label, old_key=field.key)
    if is_required and type in SELECT_TYPES and not field.options.exists():
        # Nothing could be created: a required select field without options takes no value.
        raise ValidationError(
            {"is_required": _("Add an option first, then make the select field required.")}
        )
    if field.is_select and type not in SELECT_TYPES:
        field.options.all().delete()
    field.label, field.key, field.type = label.strip(), key.strip(), type
    field.is_required, field.is_shown_in_list = is_required, is_shown_in_list
    field.currency = currency if type == FieldType.MONEY else ""
    _check_field_unique(field)
    return _save_unique(
        field,
        "key",
        _("This key is already in use."),
        ["label", "key", "type", "is_required", "is_shown_in_list", "currency"],
    )


@transaction.atomic
def custom_field_move(*, field: CustomField, offset: int) -> None:
    fields = list(CustomField.objects.in_workspace(field.workspace_id))
    index = fields.index(field)
    target = max(0, min(len(fields) - 1, index + offset))
    fields.insert(target, fields.pop(index))
    for position, item in enumerate(fields, start=1):
        item.position = position
    CustomField.objects.bulk_update(fields, ["position"])


@transaction.atomic
def custom_field_remove(*, field: CustomField) -> None:
    field.delete()


def option_usage(option: CustomFieldOption) -> int:
    """How many opportunities hold this option: asked before removing it."""
    return option.values.values("opportunity").distinct().count()


@transaction.atomic
def option_add(*, field: CustomField, label: str) -> None:
    if not field.is_select:
        raise ValidationError({"options": _("Only select fields have options.")})
    _add_options(field, [label])


@transaction.atomic
def option_rename(*, option: CustomFieldOption, label: str) -> CustomFieldOption:
    """Values point at the option, so every opportunity shows the new label at once."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Enter the option's label.")})
    siblings = CustomFieldOption.objects.filter(field=option.field_id).exclude(pk=option.pk)
    if siblings.filter(label__iexact=label).exists():
        raise ValidationError(
            {"label": _("The option “%(option)s” exists already.") % {"option": label}}
        )
    option.label = label
    message = _("The option “%(option)s” exists already.") % {"option": label}
    return _save_unique(option, "label", message, ["label"])


@transaction.atomic
def option_remove(*, option: CustomFieldOption, confirmed: bool) -> int:
    """Remove an option. In use, it needs `confirmed` and clears it from those opportunities."""
    used = option_usage(option)
    if used and not confirmed:
        raise ValidationError(
            _("%(count)s opportunities use “%(option)s”. Confirm to remove it from them.")
            % {"count": used, "option": option.label}
        )
    # Locked, two admins removing the last two options at once cannot both succeed.
    field = CustomField.objects.select_for_update().get(pk=option.field_id)
    if field.is_required and field.options.count() == 1:
        # A required select field without options would refuse every new opportunity.
        raise ValidationError(
            _(
                "“%(field)s” is required and needs at least one option: add another option "
                "first, or make the field optional."
            )
            % {"field": field.label}
        )
    option.delete()
    return used
