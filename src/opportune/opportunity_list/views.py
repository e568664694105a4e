from dataclasses import replace

from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opportune.core.converters import parse_id
from opportune.core.forms import QUOTED_MAX, single_line
from opportune.opportunities.models import Opportunity
from opportune.workspaces.access import workspace_view

from .filters import ALL_STATUSES, TEXT_MAX, OpportunityFilter
from .paging import list_page
from .panel import filter_panel

# Sort key -> columns; "id" in the same direction follows them, so a page is an index range.
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
DEFAULT_SORT = "-created"
# Sorts with an index (workspace, status, column, id): several statuses are read as the merge of
# one range per status (see paging.list_page).
STATUS_RANGE_SORTS = {"created", "name", "value", "close"}


@workspace_view()
def opportunity_list(request):
    chosen = OpportunityFilter.from_query(
        request.GET, workspace=request.workspace, user=request.user
    )
    notices = list(chosen.notices)
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.removeprefix("-") not in SORTS:
        notices.append(
            _("The list cannot be sorted by “%(sort)s”; it is sorted by creation date.")
            % {"sort": sort[:QUOTED_MAX]}
        )
        sort = DEFAULT_SORT
    exact = request.GET.get("count") == "exact"
    number = parse_id(request.GET.get("page")) or 1
    organization_text = single_line(request.GET.get("org_q", "")).strip()[:TEXT_MAX]
    canonical = _query(chosen, sort, exact, number, organization_text=organization_text)
    if not notices and request.META.get("QUERY_STRING", "") != canonical:
        # A submitted filter form sends every field, empty or not: show the address to share.
        return redirect(f"{request.path}?{canonical}" if canonical else request.path)
    opportunities, parts = _sorted(request, chosen, sort)
    page = list_page(
        opportunities.select_related("organization", "phase", "owner"),
        number=number,
        exact=exact,
        parts=parts,
    )
    context = {
        "chosen": chosen,
        "notices": notices,
        "page": page,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "organization_text": organization_text,
        **_links(chosen, sort, exact, page),
        **filter_panel(chosen, workspace=request.workspace, organization_text=organization_text),
    }
    return render(request, "opportunity_list/list.html", context)


def _sorted(request, chosen, sort):
    """The chosen opportunities in `sort` order, and the parts to merge a page from (none when
    one index range serves the sort)."""
    key = sort.removeprefix("-")
    direction = "-" if sort.startswith("-") else ""
    ordering = [direction + column for column in (*SORTS[key], "id")]
    workspace_opportunities = Opportunity.objects.in_workspace(request.workspace).alive()
    opportunities = chosen.apply(workspace_opportunities).order_by(*ordering)
    # Not with a search or the overdue filter: they name few rows by id, which the database
    # reads and sorts quicker than it reads status ranges until enough of them turn up.
    by_ids = chosen.text or chosen.overdue
    several = 1 < len(chosen.statuses) < len(ALL_STATUSES)  # all: no status condition at all
    if key not in STATUS_RANGE_SORTS or by_ids or not several:
        return opportunities, ()
    parts = [
        replace(chosen, statuses=(status,)).apply(workspace_opportunities).order_by(*ordering)
        for status in chosen.statuses
    ]
    return opportunities, parts


def _query(chosen, sort, exact, number=1, *, count=None, organization_text="") -> str:
    """The canonical query string of a list page: the filter, then sort, count, the search
    text of the organization picker (without JavaScript it narrows the picker on reload) and
    page, each left out at its default."""
    pairs = [("sort", sort)] if sort != DEFAULT_SORT else []
    pairs += [("count", "exact")] if (exact if count is None else count) else []
    pairs += [("org_q", organization_text)] if organization_text else []
    pairs += [("page", number)] if number > 1 else []
    return "&".join(part for part in (chosen.to_query(), urlencode(pairs)) if part)


def _links(chosen, sort, exact, page) -> dict:
    """Sort, page and count links; they carry the canonical filter, so an ignored value does
    not travel on."""
    return {
        "sort_links": {
            key: "?" + _query(chosen, f"-{key}" if sort == key else key, exact) for key in SORTS
        },
        "page_links": [
            (number, "?" + _query(chosen, sort, exact, number)) if number else None
            for number in page.page_numbers()
        ],
        "previous_link": "?" + _query(chosen, sort, exact, page.previous_page_number),
        "next_link": "?" + _query(chosen, sort, exact, page.next_page_number),
        "exact_link": "?" + _query(chosen, sort, exact, count=True),
    }
