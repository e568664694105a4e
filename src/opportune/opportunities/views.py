from django.contrib import messages
from django.core.exceptions import ValidationError
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
from .forms import LoseForm, OpportunityForm, PhaseMoveForm, VersionForm
from .selectors import get_opportunity


def _organization_choices(request, text="", selected=()):
    """A short list for the organization picker; the search box narrows it on the server."""
    organizations = Organization.objects.in_workspace(request.workspace).alive().search(text)
    choices = list(organizations.order_by("name").only("pk", "name", "key")[:50])
    return [organization for organization in selected if organization not in choices] + choices


@workspace_view()
def organization_options(request):
    """htmx: the <option>s of the organization picker matching the search text, keeping the
    selected ones (several in the opportunity list's filter)."""
    ids = {parse_id(text) for text in request.GET.getlist("organization")} - {None}
    selected = (
        list(Organization.objects.in_workspace(request.workspace).alive().filter(pk__in=ids))
        if ids
        else []
    )
    context = {
        "organizations": _organization_choices(request, request.GET.get("org_q", ""), selected),
        "selected_ids": [organization.pk for organization in selected],
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
    context = {
        "form": form,
        "organizations": _organization_choices(request, selected=[selected] if selected else []),
    }
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
