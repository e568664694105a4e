"""Saving an opportunity form (whole, or cut down to one property) through the domain rules.

The edit page and the opportunity page's in-place editing both save this way.
"""

from django.core.exceptions import ValidationError

from opportune.core.forms import add_errors

from . import services
from .forms import OpportunityForm


def save_edit(*, opportunity, actor, form: OpportunityForm):
    """Save a valid (whole or cut-down) opportunity form through the domain rules.

    Only what the editor changed is sent, so an untouched field never undoes a rule's effect.
    Returns `(saved, conflict)`; rule violations land on the form's fields.
    """
    changes = {name: value for name, value in form.core_data().items() if name in form.changed_data}
    custom = {
        field: value
        for field, value in form.custom_data().items()
        if f"cf_{field.key}" in form.changed_data
    }
    try:
        services.opportunity_update(
            opportunity=opportunity,
            actor=actor,
            version=form.cleaned_data["version"],
            changes=changes,
            tags=form.cleaned_data.get("tags") if "tags" in form.changed_data else None,
            custom=custom,
        )
    except services.StaleVersion as stale:
        return False, _conflict(form, stale.current)
    except ValidationError as error:
        add_errors(form, error)
        return False, None
    return True, None


def _conflict(form, current):
    """What the editor tried to save next to what is stored now, for the fields that differ."""
    fresh = OpportunityForm(instance=current, workspace=form.workspace)
    rows = []
    for name in form.changed_data:
        if name == "version" or name not in fresh.fields:
            continue
        mine = form[name]
        rows.append(
            {
                "label": mine.label,
                "mine": _shown(form.fields[name], form.cleaned_data.get(name)),
                "current": _shown(fresh.fields[name], fresh[name].initial),
            }
        )
    return {"version": current.version, "rows": rows, "current": current}


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "all"):
        return ", ".join(str(item) for item in value.all()) or "—"
    if isinstance(value, list | tuple | set):
        if hasattr(field, "queryset"):  # ids of options, tags or people
            value = field.queryset.filter(pk__in=value)
        return ", ".join(str(item) for item in value) or "—"
    choices = dict(getattr(field, "choices", []) or [])
    if not hasattr(field, "queryset") and value in choices:
        return str(choices[value])
    if hasattr(field, "queryset") and not hasattr(value, "pk"):
        value = field.queryset.filter(pk=value).first() or value
    return str(value)
