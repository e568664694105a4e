"""The opportunity page and its in-place editing. Every region is a named partial of
`opportunity_page/page.html`, so htmx can fetch one region alone after a change."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.forms import add_errors
from opportune.journal.selectors import journal_context
from opportune.opportunities import custom_values, members, services
from opportune.opportunities.editing import save_edit
from opportune.opportunities.forms import LoseForm
from opportune.opportunities.models import History, Member
from opportune.opportunities.selectors import get_opportunity
from opportune.organizations import services as organization_services
from opportune.pipeline.models import CustomField
from opportune.tags.models import Tag
from opportune.tasks.selectors import tasks_context
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from .forms import MemberAttitudeForm, OpportunityMemberForm, OrganizationPanelForm, property_form

PAGE = "opportunity_page/page.html"
HISTORY_SHOWN = 50


def properties_context(request, opportunity):
    fields = list(CustomField.objects.in_workspace(request.workspace))
    return {
        "opportunity": opportunity,
        "custom": custom_values.display_values(opportunity, fields),
        "tags": list(opportunity.tags.all()),
        "workspace_has_tags": Tag.objects.in_workspace(request.workspace).exists(),
        "weighted_value": services.weighted_value(opportunity),
        "lose_form": LoseForm(initial={"version": opportunity.version}),
    }


def members_context(request, opportunity, add_form=None):
    member_list = list(
        Member.objects.in_workspace(request.workspace)
        .filter(opportunity=opportunity, contact__deleted_at__isnull=True)
        .select_related("contact")
    )
    return {
        "opportunity": opportunity,
        "members": member_list,
        "stakeholder_map": members.stakeholder_map(member_list),
        "attitude_columns": members.ATTITUDE_COLUMNS,
        "member_add_form": add_form or OpportunityMemberForm(opportunity=opportunity),
        "attitude_choices": MemberAttitudeForm.base_fields["attitude"].choices,
    }


def history_context(request, opportunity):
    history = (
        History.objects.in_workspace(request.workspace)
        .filter(opportunity=opportunity)
        .select_related("actor")[:HISTORY_SHOWN]
    )
    return {"opportunity": opportunity, "history": history}


@workspace_view()
def page(request, short_name):
    opportunity = get_opportunity(request, short_name)
    context = {
        **_full(request, opportunity, journal_page=request.GET.get("journal_page", 1)),
        "organization_form": None,
    }
    return render(request, PAGE, context)


def _region(request, opportunity, name, context, status=200, trigger="opportunity-changed"):
    response = render(request, f"{PAGE}#{name}", context, status=status)
    if trigger:
        response["HX-Trigger"] = trigger
    return response


@workspace_view()
def history(request, short_name):
    opportunity = get_opportunity(request, short_name)
    return _region(
        request, opportunity, "history", history_context(request, opportunity), trigger=""
    )


@workspace_view()
def properties(request, short_name):
    """The right column, shown (GET) after an edit or a cancel."""
    opportunity = get_opportunity(request, short_name)
    if not request.htmx:
        return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)
    context = properties_context(request, opportunity)
    return _region(request, opportunity, "properties", context, trigger="")


@workspace_view(read=Role.MEMBER)
def property_edit(request, short_name, name):
    """One right-column property in place: GET gives its form, POST saves it through the
    domain rules with the version the form was loaded at."""
    opportunity = get_opportunity(request, short_name)
    form = property_form(
        name,
        opportunity=opportunity,
        workspace=request.workspace,
        data=request.POST if request.method == "POST" else None,
    )
    if form is None:
        raise Http404
    if request.method == "GET":
        return _region(
            request,
            opportunity,
            "property_form",
            {"form": form, "opportunity": opportunity},
            trigger="",
        )
    conflict = None
    if form.is_valid():
        saved, conflict = save_edit(opportunity=opportunity, actor=request.user, form=form)
        if saved:
            opportunity = get_opportunity(request, short_name)
            context = properties_context(request, opportunity)
            if not request.htmx:
                return redirect("opportunities:detail", request.workspace.slug, short_name)
            response = _region(request, opportunity, "properties", context)
            response["HX-Retarget"] = "#properties"
            response["HX-Reswap"] = "outerHTML"
            return response
    if conflict:
        current = conflict["current"]
        form = property_form(name, opportunity=current, workspace=request.workspace)
        form.conflict = conflict
    status = 409 if conflict else 422
    if not request.htmx:
        # Without JavaScript: the full edit form, with what went wrong said above it.
        if conflict:
            messages.error(
                request,
                _("Someone else changed this opportunity meanwhile, so your change was not saved."),
            )
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("opportunities:edit", request.workspace.slug, short_name)
    return _region(
        request,
        opportunity,
        "property_form",
        {"form": form, "opportunity": opportunity},
        status=status,
        trigger="",
    )


@workspace_view()
def organization_panel(request, short_name):
    """The organization's address and channels; editing here edits the organization itself."""
    opportunity = get_opportunity(request, short_name)
    organization = opportunity.organization
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    if editing and not request.membership.can_edit:
        editing = False
    form = OrganizationPanelForm(request.POST or None, instance=organization) if editing else None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organization_services.organization_update(
                    organization=organization,
                    actor=request.user,
                    key=organization.key,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
                status = 422
            else:
                form = None
        else:
            status = 422
        if not request.htmx and form is None:
            return redirect("opportunities:detail", request.workspace.slug, short_name)
    context = {"opportunity": opportunity, "organization_form": form}
    if not request.htmx:
        return render(request, PAGE, {**context, **_full(request, opportunity)}, status=status)
    return _region(request, opportunity, "organization", context, status=status, trigger="")


def _full(request, opportunity, journal_page=1):
    """Every region's context: the whole page, also when a form without JavaScript fails."""
    return {
        **properties_context(request, opportunity),
        **members_context(request, opportunity),
        **journal_context(request, opportunity, page_number=journal_page),
        **tasks_context(request, opportunity),
        **history_context(request, opportunity),
    }


@workspace_view()
@require_POST
def member_add(request, short_name):
    opportunity = get_opportunity(request, short_name)
    form = OpportunityMemberForm(request.POST, opportunity=opportunity)
    status = 200
    if form.is_valid():
        try:
            members.member_add(
                opportunity=opportunity,
                actor=request.user,
                attitude=form.cleaned_data["attitude"],
                contact=form.cleaned_data["contact"],
                new_contact=form.new_contact(),
            )
        except ValidationError as error:
            add_errors(form, error)
            status = 422
        else:
            form = None
    else:
        status = 422
    if not request.htmx:
        if form is None:
            return redirect("opportunities:detail", request.workspace.slug, short_name)
        context = {**_full(request, opportunity), **members_context(request, opportunity, form)}
        return render(request, PAGE, {**context, "organization_form": None}, status=200)
    context = members_context(request, opportunity, form)
    return _region(request, opportunity, "members", context, status=status, trigger="")


def _member(request, opportunity, member_id):
    queryset = Member.objects.filter(opportunity=opportunity).select_related("contact")
    return get_for(request, queryset, pk=member_id)


@workspace_view()
@require_POST
def member_attitude(request, short_name, member_id):
    opportunity = get_opportunity(request, short_name)
    member = _member(request, opportunity, member_id)
    form = MemberAttitudeForm(request.POST)
    if form.is_valid():
        members.member_set_attitude(
            member=member, actor=request.user, attitude=form.cleaned_data["attitude"]
        )
    return _members_response(request, opportunity)


@workspace_view()
@require_POST
def member_remove(request, short_name, member_id):
    opportunity = get_opportunity(request, short_name)
    members.member_remove(member=_member(request, opportunity, member_id), actor=request.user)
    return _members_response(request, opportunity)


def _members_response(request, opportunity):
    if not request.htmx:
        return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)
    return _region(
        request, opportunity, "members", members_context(request, opportunity), trigger=""
    )
