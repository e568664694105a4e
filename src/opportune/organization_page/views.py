"""The organizations list (with each one's open opportunities) and the organization page
(with its contacts and opportunities)."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.shortcuts import render

from opportune.core.pages import render_fragment_or_page
from opportune.opportunities.models import Status
from opportune.organizations.forms import OrganizationFilterForm
from opportune.organizations.models import Organization
from opportune.workspaces.access import get_for, workspace_view

PAGE_SIZE = 50

# Sortable columns of the list: `sort` parameter -> order expression.
SORTS = {
    "key": F("key"),
    "name": Lower("name"),
    "city": Lower("city"),
    "created": F("created_at"),
}


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
    return render_fragment_or_page(request, "organization_page/list.html", "results", context)


@workspace_view()
def organization_detail(request, pk):
    organization = get_for(request, Organization.objects.alive().prefetch_related("tags"), pk=pk)
    context = {
        "organization": organization,
        "contacts": organization.contacts.alive(),
        "opportunities": organization.opportunities.alive().select_related("phase"),
    }
    return render(request, "organization_page/detail.html", context)
