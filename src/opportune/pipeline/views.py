"""Administration → Workspace settings → Project settings: phases, categories, tags, custom fields.

Admins and owners only. Every form posts to its own URL and redirects back, so the pages work
without JavaScript; htmx only swaps the phase and field lists after a move, keeping the focus.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opportune.core.forms import add_errors
from opportune.tags.forms import TagForm
from opportune.tags.models import Tag
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services
from .forms import (
    CategoryForm,
    CustomFieldForm,
    OptionForm,
    PhaseForm,
    PhaseOrderForm,
    PhaseRemoveForm,
    PhaseStepForm,
)
from .models import Category, CustomField, CustomFieldOption, Phase

admin_only = workspace_view(read=Role.ADMIN, write=Role.ADMIN)
GET_POST = require_http_methods(["GET", "POST"])


def _posted(request):
    return request.POST if request.method == "POST" else None


def _index_url(request, anchor: str) -> str:
    return f"{reverse('project:index', args=[request.workspace.slug])}#{anchor}"


def _field_url(request, field: CustomField) -> str:
    return reverse("project:field_edit", args=[request.workspace.slug, field.pk])


def _phases(workspace):
    # Trashed opportunities count too: they block a removal just the same.
    return (
        Phase.objects.in_workspace(workspace)
        .annotate(opportunity_count=Count("opportunities"))
        .order_by("position", "id")  # Meta.ordering does not apply to aggregating queries
    )


def _custom_fields(workspace):
    return (
        CustomField.objects.in_workspace(workspace)
        .annotate(option_count=Count("options"))
        .order_by("position", "id")
    )


def _index(request, *, phase_form=None, category_form=None):
    workspace = request.workspace
    context = {
        "phases": _phases(workspace),
        "phase_form": phase_form or PhaseForm(auto_id="phase_%s"),
        "categories": Category.objects.in_workspace(workspace),
        "category_form": category_form or CategoryForm(auto_id="category_%s"),
        "tags": Tag.objects.in_workspace(workspace),
        "tag_form": TagForm(auto_id="tag_%s"),
        "custom_fields": _custom_fields(workspace),
    }
    return render(request, "pipeline/index.html", context)


def _phase_list(request, error: str = ""):
    """The phases section alone: what htmx swaps in after a move or a drag."""
    context = {"phases": _phases(request.workspace), "reorder_error": error}
    return render(request, "pipeline/partials/phases.html", context)


def _edit_page(request, form, *, title: str, back: str, remove_url: str = "", status=200):
    context = {"form": form, "title": title, "back": back, "remove_url": remove_url}
    return render(request, "workspaces/settings_edit.html", context, status=status)


@admin_only
def index(request):
    return _index(request)


# Phases


@admin_only
@require_POST
def phase_create(request):
    form = PhaseForm(request.POST, auto_id="phase_%s")
    if form.is_valid():
        try:
            phase = services.phase_create(workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Phase “%(name)s” added.") % {"name": phase.name})
            return redirect(_index_url(request, "phases"))
    return _index(request, phase_form=form)


@admin_only
@GET_POST
def phase_edit(request, phase_id):
    phase = get_for(request, Phase, pk=phase_id)
    initial = {
        "name": phase.name,
        "colour": phase.colour,
        "default_probability": phase.default_probability,
        "kind": phase.kind,
    }
    form = PhaseForm(_posted(request), initial=initial)
    if form.is_valid():
        try:
            services.phase_update(phase=phase, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Phase “%(name)s” saved.") % {"name": phase.name})
            return redirect(_index_url(request, "phases"))
    return _edit_page(
        request,
        form,
        title=_("Edit phase “%(name)s”") % {"name": initial["name"]},
        back=_index_url(request, "phases"),
        remove_url=reverse("project:phase_remove", args=[request.workspace.slug, phase.pk]),
    )


@admin_only
@require_POST
def phase_move(request, phase_id):
    """The keyboard's way to reorder: one step up or down."""
    phase = get_for(request, Phase, pk=phase_id)
    form = PhaseStepForm(request.POST)
    if form.is_valid():
        services.phase_move(phase=phase, offset=form.offset)
    if request.htmx:
        return _phase_list(request)
    if form.is_valid():
        messages.success(request, _("Phase “%(name)s” moved.") % {"name": phase.name})
    return redirect(_index_url(request, "phases"))


@admin_only
@require_POST
def phases_reorder(request):
    """The new order after a drag; a lost race answers the current order with a message."""
    form = PhaseOrderForm(request.POST)
    error = ""
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["order"])
        services.phases_reorder(workspace=request.workspace, phase_ids=form.cleaned_data["order"])
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.htmx:
        return _phase_list(request, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The order of the phases was saved."))
    return redirect(_index_url(request, "phases"))


@admin_only
@GET_POST
def phase_remove(request, phase_id):
    phase = get_for(request, Phase, pk=phase_id)
    held = phase.opportunities.count()
    form = PhaseRemoveForm(_posted(request), phase=phase, held=held)
    if form.is_valid():
        try:
            moved = services.phase_remove(
                phase=phase, actor=request.user, move_to=form.cleaned_data.get("move_to")
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if moved:
                message = _(
                    "Phase “%(name)s” removed; %(count)s opportunities moved to “%(target)s”."
                ) % {"name": phase.name, "count": moved, "target": form.cleaned_data["move_to"]}
            else:
                message = _("Phase “%(name)s” removed.") % {"name": phase.name}
            messages.success(request, message)
            return redirect(_index_url(request, "phases"))
    context = {"phase": phase, "held": held, "form": form}
    return render(request, "pipeline/phase_remove.html", context)


# Categories


@admin_only
@require_POST
def category_create(request):
    form = CategoryForm(request.POST, auto_id="category_%s")
    if form.is_valid():
        try:
            category = services.category_create(workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
            return redirect(_index_url(request, "categories"))
    return _index(request, category_form=form)


@admin_only
@GET_POST
def category_edit(request, category_id):
    category = get_for(request, Category, pk=category_id)
    old_name = category.name
    form = CategoryForm(_posted(request), initial={"name": old_name})
    if form.is_valid():
        try:
            services.category_rename(category=category, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Category “%(name)s” saved.") % {"name": category.name})
            return redirect(_index_url(request, "categories"))
    return _edit_page(
        request,
        form,
        title=_("Rename category “%(name)s”") % {"name": old_name},
        back=_index_url(request, "categories"),
    )


@admin_only
@require_POST
def category_remove(request, category_id):
    category = get_for(request, Category, pk=category_id)
    services.category_remove(category=category)
    messages.success(request, _("Category “%(name)s” removed.") % {"name": category.name})
    return redirect(_index_url(request, "categories"))


# Custom fields


def _field_page(request, field=None, *, form=None, add_form=None, renamed=None):
    """The create or edit page; `renamed` is an (option id, form) pair that has errors."""
    options = list(field.options.all()) if field and field.is_select else []
    rename_forms = [
        (
            option,
            renamed[1]
            if renamed and renamed[0] == option.pk
            else OptionForm(
                initial={"label": option.label}, option=option, auto_id=f"option_{option.pk}_%s"
            ),
        )
        for option in options
    ]
    context = {
        "field": field,
        "form": form,
        "rename_forms": rename_forms,
        "add_form": add_form or OptionForm(auto_id="new_option_%s"),
    }
    return render(request, "pipeline/field_form.html", context)


def _field_form(request, field, data=None):
    initial = {
        "label": field.label,
        "key": field.key,
        "type": field.type,
        "is_required": field.is_required,
        "is_shown_in_list": field.is_shown_in_list,
        "currency": field.currency or None,
    }
    return CustomFieldForm(data, initial=initial, workspace=request.workspace, field=field)


@admin_only
@GET_POST
def field_create(request):
    form = CustomFieldForm(_posted(request), workspace=request.workspace)
    if form.is_valid():
        try:
            field = services.custom_field_create(workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Custom field “%(label)s” added.") % {"label": field.label})
            return redirect(_index_url(request, "fields"))
    return _field_page(request, form=form)


@admin_only
@GET_POST
def field_edit(request, field_id):
    field = get_for(request, CustomField, pk=field_id)
    form = _field_form(request, field, _posted(request))
    if form.is_valid():
        try:
            services.custom_field_update(field=field, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            field.refresh_from_db()
        else:
            messages.success(request, _("Custom field “%(label)s” saved.") % {"label": field.label})
            return redirect(_field_url(request, field))
    return _field_page(request, field, form=form)


@admin_only
@require_POST
def field_move(request, field_id):
    field = get_for(request, CustomField, pk=field_id)
    form = PhaseStepForm(request.POST)
    if form.is_valid():
        services.custom_field_move(field=field, offset=form.offset)
    if request.htmx:
        context = {"custom_fields": _custom_fields(request.workspace)}
        return render(request, "pipeline/partials/fields.html", context)
    if form.is_valid():
        messages.success(request, _("Custom field “%(label)s” moved.") % {"label": field.label})
    return redirect(_index_url(request, "fields"))


@admin_only
@GET_POST
def field_remove(request, field_id):
    field = get_for(request, CustomField, pk=field_id)
    if request.method == "POST":
        services.custom_field_remove(field=field)
        messages.success(request, _("Custom field “%(label)s” removed.") % {"label": field.label})
        return redirect(_index_url(request, "fields"))
    used = field.values.values("opportunity").distinct().count()
    context = {"field": field, "used": used}
    return render(request, "pipeline/field_remove.html", context)


@admin_only
@require_POST
def option_add(request, field_id):
    field = get_for(request, CustomField, pk=field_id)
    form = OptionForm(request.POST, auto_id="new_option_%s")
    if form.is_valid():
        try:
            services.option_add(field=field, label=form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error("label", _option_errors(error, form.cleaned_data["label"]))
        else:
            messages.success(
                request, _("Option “%(option)s” added.") % {"option": form.cleaned_data["label"]}
            )
            return redirect(_field_url(request, field))
    return _field_page(request, field, form=_field_form(request, field), add_form=form)


@admin_only
@require_POST
def option_rename(request, field_id, option_id):
    field = get_for(request, CustomField, pk=field_id)
    option = get_for(request, CustomFieldOption.objects.filter(field=field), pk=option_id)
    old_label = option.label
    form = OptionForm(request.POST, option=option, auto_id=f"option_{option.pk}_%s")
    if form.is_valid():
        try:
            services.option_rename(option=option, label=form.cleaned_data["label"])
        except ValidationError as error:
            form.add_error("label", _option_errors(error, form.cleaned_data["label"]))
        else:
            messages.success(
                request,
                _("Option “%(old)s” renamed to “%(new)s”.")
                % {"old": old_label, "new": option.label},
            )
            return redirect(_field_url(request, field))
    return _field_page(request, field, form=_field_form(request, field), renamed=(option.pk, form))


def _option_errors(error: ValidationError, label: str) -> list[ValidationError]:
    """An option form has one input: every problem of the label belongs there. The model's
    generic unique-constraint message gives way to the one option_add words."""
    errors = (
        sum(error.error_dict.values(), []) if hasattr(error, "error_dict") else error.error_list
    )
    if any(item.code == "unique_together" for item in errors):
        message = _("The option “%(option)s” exists already.") % {"option": label.strip()}
        return [ValidationError(message)]
    return errors


@admin_only
@GET_POST
def option_remove(request, field_id, option_id):
    """Removing an option in use asks first, naming how many opportunities lose it."""
    field = get_for(request, CustomField, pk=field_id)
    option = get_for(request, CustomFieldOption.objects.filter(field=field), pk=option_id)
    used = services.option_usage(option)
    confirmed = request.POST.get("confirmed") == "1"
    if request.method == "POST" and (confirmed or not used):
        try:
            services.option_remove(option=option, confirmed=confirmed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Option “%(option)s” removed.") % {"option": option.label})
        return redirect(_field_url(request, field))
    context = {"field": field, "option": option, "used": used}
    return render(request, "pipeline/option_remove.html", context)
