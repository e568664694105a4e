from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_restore
from opportune.opportunities.models import Opportunity, Status
from opportune.opportunities.services import opportunity_restore
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role
from opportune.workspaces.views import add_errors

from . import services
from .forms import OrganizationFilterForm, OrganizationForm
from .models import Organization

PAGE_SIZE = 50
TRASH_LIMIT = 100

# Sortable columns of the list: `sort` parameter -> order expression.
SORTS = {
    "key": F("key"),
    "name": Lower("name"),
    "city": Lower("city"),
    "created": F("created_at"),
}


def _fragment_or_page(request, template, fragment, context):
    """The named fragment for htmx's own requests, else the whole page."""
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        template = f"{template}#{fragment}"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@workspace_view()
def organization_list(request):
    filters = OrganizationFilterForm(request.GET, workspace=request.workspace)
    sort = request.GET.get("sort", "")
    descending, column = sort.startswith("-"), sort.removeprefix("-")
    if column not in SORTS:
        descending, column = False, "name"
    sort = f"-{column}" if descending else column
    order = SORTS[column].desc() if descending else SORTS[column].asc()

    q, tag = filters.value("q") or "", filters.value("tag")
    organizations = Organization.objects.in_workspace(request.workspace).alive().search(q)
    if tag:
        organizations = organizations.filter(tags=tag)
    organizations = (
        organizations.annotate(
            open_opportunities=Count(
                "opportunities",
                filter=Q(opportunities__deleted_at__isnull=True)
                & Q(opportunities__status=Status.SALES),
            )
        )
        .prefetch_related("tags")
        .order_by(order, "pk")
    )
    context = {
        "page_obj": Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": filters,
        "is_filtered": bool(q or tag),
        "sort": sort,
    }
    return _fragment_or_page(request, "organizations/list.html", "results", context)


def _form_page(request, form, organization=None):
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


@workspace_view(read=Role.MEMBER)
def organization_new(request):
    form = OrganizationForm(
        request.POST or None,
        workspace=request.workspace,
        key_url=reverse("organizations:key", args=[request.workspace.slug]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                workspace=request.workspace, actor=request.user, **form.organization_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Organization “%(name)s” created.") % {"name": organization.name}
            )
            return redirect(
                "organizations:detail", workspace_slug=request.workspace.slug, pk=organization.pk
            )
    return _form_page(request, form)


@workspace_view(read=Role.MEMBER)
def organization_key(request):
    """Propose a key for the name typed so far, unless the person typed a key of their own."""
    key = request.GET.get("key", "").strip().upper()
    if key and key != request.GET.get("key_proposed", "").strip().upper():
        return HttpResponse(status=204)  # htmx leaves the field alone
    name = request.GET.get("name", "")[:200]
    proposal = services.proposed_key(request.workspace, name) if name.strip() else ""
    form = OrganizationForm(
        workspace=request.workspace, initial={"key": proposal, "key_proposed": proposal}
    )
    return render(request, "organizations/form.html#key-field", {"form": form})


@workspace_view()
def organization_detail(request, pk):
    organization = get_for(request, Organization.objects.alive().prefetch_related("tags"), pk=pk)
    context = {
        "organization": organization,
        "contacts": organization.contacts.alive(),
        "opportunities": organization.opportunities.alive().select_related("phase"),
    }
    return render(request, "organizations/detail.html", context)


@workspace_view(read=Role.MEMBER)
def organization_edit(request, pk):
    organization = get_for(request, Organization.objects.alive(), pk=pk)
    form = OrganizationForm(
        request.POST or None,
        workspace=request.workspace,
        initial=OrganizationForm.initial_for(organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization, actor=request.user, **form.organization_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
            organization.refresh_from_db()  # the heading shows the saved name
        else:
            messages.success(
                request, _("Changes to “%(name)s” saved.") % {"name": organization.name}
            )
            return redirect(
                "organizations:detail", workspace_slug=request.workspace.slug, pk=organization.pk
            )
    return _form_page(request, form, organization)


@require_POST
@workspace_view()
def organization_delete(request, pk):
    organization = get_for(request, Organization.objects.alive(), pk=pk)
    services.organization_delete(organization=organization, actor=request.user)
    messages.success(
        request,
        _("“%(name)s” and its contacts and opportunities were moved to the trash.")
        % {"name": organization.name},
    )
    return redirect("organizations:list", workspace_slug=request.workspace.slug)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def trash(request):
    """Everything soft-deleted in the workspace, newest first, for an admin to restore."""

    def newest(queryset):
        queryset = queryset.in_workspace(request.workspace).in_trash().order_by("-deleted_at")
        return list(queryset[: TRASH_LIMIT + 1])

    sections = {
        "organizations": newest(Organization.objects.all()),
        "contacts": newest(Contact.objects.select_related("organization")),
        "opportunities": newest(Opportunity.objects.select_related("organization")),
    }
    context = {
        "sections": {kind: rows[:TRASH_LIMIT] for kind, rows in sections.items()},
        "is_cut": any(len(rows) > TRASH_LIMIT for rows in sections.values()),
        "trash_limit": TRASH_LIMIT,
    }
    return render(request, "organizations/trash.html", context)


# What the trash can restore: kind in the URL -> (queryset, the service's argument, service).
RESTORABLE = {
    "organizations": (Organization.objects.all(), "organization", services.organization_restore),
    "contacts": (Contact.objects.select_related("organization"), "contact", contact_restore),
    "opportunities": (
        Opportunity.objects.select_related("organization"),
        "opportunity",
        opportunity_restore,
    ),
}


@require_POST
@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def trash_restore(request, kind, pk):
    if kind not in RESTORABLE:
        raise Http404
    queryset, argument, restore = RESTORABLE[kind]
    item = get_for(request, queryset.in_trash(), pk=pk)
    try:
        restore(actor=request.user, **{argument: item})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was restored.") % {"name": item})
    return redirect("organizations:trash", workspace_slug=request.workspace.slug)
