"""The organizations list (with each one's open opportunities) and the organization page
(with its contacts and opportunities)."""

from django.db.models import Count, F
from django.db.models.functions import Lower
from django.shortcuts import render

from opportune.core.pages import ordered_page, render_fragment_or_page
from opportune.opportunities.models import Opportunity
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
    page_obj = ordered_page(
        organizations.order_by(order, "pk"),
        request.GET.get("page"),
        PAGE_SIZE,
        rows=Organization.objects.in_workspace(request.workspace).prefetch_related("tags"),
    )
    _count_open_opportunities(request.workspace, page_obj)
    context = {
        "page_obj": page_obj,
        "filters": filters,
        "is_filtered": bool(q or tag),
        "sort": sort,
    }
    return render_fragment_or_page(request, "organization_page/list.html", "results", context)


def _count_open_opportunities(workspace, page) -> None:
    """Set `open_opportunities` on the page's organizations with one grouped query for their
    ids: counting for the whole workspace would read every opportunity to show fifty numbers."""
    counts = dict(
        Opportunity.objects.in_workspace(workspace)
        .alive()
        .open()
        .filter(organization__in=[organization.pk for organization in page])
        .order_by()
        .values_list("organization")
        .annotate(Count("id"))
    )
    for organization in page:
        organization.open_opportunities = counts.get(organization.pk, 0)


@workspace_view()
def organization_detail(request, pk):
    organization = get_for(request, Organization.objects.alive().prefetch_related("tags"), pk=pk)
    context = {
        "organization": organization,
        "contacts": organization.contacts.alive(),
        "opportunities": organization.opportunities.alive().select_related("phase"),
    }
    return render(request, "organization_page/detail.html", context)
