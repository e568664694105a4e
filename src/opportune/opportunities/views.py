from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.converters import parse_id
from opportune.core.forms import add_errors
from opportune.organizations.models import Organization
from opportune.pipeline.models import Phase
from opportune.workspaces.access import workspace_view
from opportune.workspaces.models import Role

from . import services
from .editing import save_edit
from .forms import LoseForm, OpportunityFilterForm, OpportunityForm, PhaseMoveForm, VersionForm
from .models import Opportunity
from .selectors import get_opportunity

PAGE_SIZE = 50
SORTS = {
    "short_name": ("organization__key", "number"),
    "name": ("name",),
    "organization": ("organization__name",),
    "phase": ("phase__position",),
    "status": ("status",),
    "value": ("expected_value",),
    "close": ("expected_close_on",),
    "created": ("created_at",),
}


@workspace_view()
def opportunity_list(request):
    filters = OpportunityFilterForm(request.GET or None, workspace=request.workspace)
    opportunities = (
        Opportunity.objects.in_workspace(request.workspace)
        .alive()
        .select_related("organization", "phase", "owner")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        opportunities = opportunities.search(data["q"])
        if data["phase"]:
            opportunities = opportunities.filter(phase=data["phase"])
        if data["status"]:
            opportunities = opportunities.filter(status=data["status"])
    sort = request.GET.get("sort", "-created")
    columns = SORTS.get(sort.lstrip("-"), SORTS["created"])
    prefix = "-" if sort.startswith("-") else ""
    opportunities = opportunities.order_by(*(prefix + c for c in columns), "-id")
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "filters": filters, "sort": sort}
    return render(request, "opportunities/list.html", context)


def _organization_choices(request, text="", selected=None):
    """A short list for the organization picker; the search box narrows it on the server."""
    organizations = Organization.objects.in_workspace(request.workspace).alive().search(text)
    choices = list(organizations.order_by("name").only("pk", "name", "key")[:50])
    if selected is not None and selected not in choices:
        choices.insert(0, selected)
    return choices


@workspace_view()
def organization_options(request):
    """htmx: the <option>s of the organization picker matching the search text."""
    selected = None
    organization_id = parse_id(request.GET.get("organization"))
    if organization_id is not None:
        selected = (
            Organization.objects.in_workspace(request.workspace)
            .alive()
            .filter(pk=organization_id)
            .first()
        )
    context = {
        "organizations": _organization_choices(request, request.GET.get("org_q", ""), selected),
        "selected_id": selected.pk if selected else None,
    }
    return render(request, "opportunities/partials/organization_options.html", context)


@workspace_view(read=Role.MEMBER)
def opportunity_new(request):
    initial = {}
    preset = parse_id(request.GET.get("organization"))
    selected = None
    if preset is not None:
        selected = (
            Organization.objects.in_workspace(request.workspace).alive().filter(pk=preset).first()
        )
        initial["organization"] = selected.pk if selected else None
    first_phase = Phase.objects.in_workspace(request.workspace).filter(kind="open").first()
    initial.update(phase=first_phase, owner=request.user.pk)
    form = OpportunityForm(request.POST or None, initial=initial, workspace=request.workspace)
    if request.method == "POST":
        if form.is_valid():
            data = form.core_data()
            try:
                opportunity = services.opportunity_create(
                    workspace=request.workspace,
                    actor=request.user,
                    tags=form.cleaned_data.get("tags", ()),
                    custom=form.custom_data(),
                    **data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Opportunity %(short_name)s created.")
                    % {"short_name": opportunity.short_name},
                )
                return redirect(
                    "opportunities:detail", request.workspace.slug, opportunity.short_name
                )
        selected = form.cleaned_data.get("organization") if hasattr(form, "cleaned_data") else None
    context = {"form": form, "organizations": _organization_choices(request, selected=selected)}
    return render(request, "opportunities/form.html", context)


@workspace_view(read=Role.MEMBER)
def opportunity_edit(request, short_name):
    opportunity = get_opportunity(request, short_name)
    form = OpportunityForm(request.POST or None, instance=opportunity, workspace=request.workspace)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_edit(opportunity=opportunity, actor=request.user, form=form)
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)
        if conflict:
            form = OpportunityForm(instance=conflict["current"], workspace=request.workspace)
    context = {"form": form, "opportunity": opportunity, "conflict": conflict}
    return render(request, "opportunities/form.html", context, status=409 if conflict else 200)


def _stale_message(request, stale):
    messages.error(
        request,
        _(
            "%(short_name)s was changed by someone else meanwhile, so nothing was saved. "
            "The page now shows the current values."
        )
        % {"short_name": stale.current.short_name},
    )


def _action(request, short_name, form, perform, success_message):
    """Run one state change from the opportunity page: validate, call the rule, report."""
    opportunity = get_opportunity(request, short_name)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            perform(opportunity, form.cleaned_data)
        except services.StaleVersion as stale:
            _stale_message(request, stale)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success_message)
    return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)


@workspace_view()
@require_POST
def opportunity_move(request, short_name):
    return _action(
        request,
        short_name,
        PhaseMoveForm(request.POST, workspace=request.workspace),
        lambda opportunity, data: services.opportunity_move_to_phase(
            opportunity=opportunity,
            actor=request.user,
            phase=data["phase"],
            version=data["version"],
        ),
        _("Phase changed."),
    )


@workspace_view()
@require_POST
def opportunity_win(request, short_name):
    return _action(
        request,
        short_name,
        VersionForm(request.POST),
        lambda opportunity, data: services.opportunity_win(
            opportunity=opportunity, actor=request.user, version=data["version"]
        ),
        _("Won! The opportunity is now an implementation project."),
    )


@workspace_view()
@require_POST
def opportunity_lose(request, short_name):
    return _action(
        request,
        short_name,
        LoseForm(request.POST),
        lambda opportunity, data: services.opportunity_lose(
            opportunity=opportunity,
            actor=request.user,
            reason=data["reason"],
            version=data["version"],
        ),
        _("Marked as lost."),
    )


@workspace_view()
@require_POST
def opportunity_reopen(request, short_name):
    return _action(
        request,
        short_name,
        VersionForm(request.POST),
        lambda opportunity, data: services.opportunity_reopen(
            opportunity=opportunity, actor=request.user, version=data["version"]
        ),
        _("Reopened."),
    )


@workspace_view()
@require_POST
def opportunity_delete(request, short_name):
    opportunity = get_opportunity(request, short_name)
    services.opportunity_delete(opportunity=opportunity, actor=request.user)
    messages.success(
        request,
        _("%(short_name)s moved to the trash. An admin can restore it.")
        % {"short_name": opportunity.short_name},
    )
    return redirect("opportunities:list", request.workspace.slug)
