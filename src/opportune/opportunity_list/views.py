from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.converters import parse_id
from opportune.core.forms import QUOTED_MAX, single_line
from opportune.opportunities.models import Opportunity
from opportune.workspaces.access import workspace_view
from opportune.workspaces.models import Role

from .columns import Columns, page_rows
from .filters import ALL_STATUSES, TEXT_MAX, OpportunityFilter
from .grouping import grouping_choices, page_groups, read_grouping
from .list_settings import chosen_columns, list_settings_reset, list_settings_save
from .paging import list_page
from .panel import filter_panel
from .saved_views import WITHOUT_DEFAULT, default_query, views_menu

DEFAULT_SORT = "-created"
# Sorts with an index (workspace, status, column, id): several statuses are read as the merge
# of one range per status (see paging.list_page). Sorting all rows of the statuses instead took
# 80-150 ms at 100,000 for a column whose order follows the status, like the expected close.
# Empty values last: SQLite reads them from the same index, PostgreSQL from one in each order.
STATUS_RANGE_SORTS = frozenset({"created", "name", "value", "close"})


@workspace_view()
def opportunity_list(request):
    if not request.GET and (
        default := default_query(workspace=request.workspace, user=request.user)
    ):
        return redirect(f"{request.path}?{default}")
    chosen = OpportunityFilter.from_query(
        request.GET, workspace=request.workspace, user=request.user
    )
    notices = list(chosen.notices)
    columns = Columns.of(request.workspace)
    shown, columns_given = _shown_columns(request, columns, notices)
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.removeprefix("-") not in columns.by_key:
        notices.append(
            _("The list cannot be sorted by “%(sort)s”; it is sorted by creation date.")
            % {"sort": sort[:QUOTED_MAX]}
        )
        sort = DEFAULT_SORT
    grouping = read_grouping(request.GET.get("group", ""), columns=columns, notices=notices)
    group = grouping.key if grouping else ""
    exact = request.GET.get("count") == "exact"
    number = parse_id(request.GET.get("page")) or 1
    organization_text = single_line(request.GET.get("org_q", "")).strip()[:TEXT_MAX]
    canonical = _query(
        chosen,
        sort,
        exact,
        number,
        organization_text=organization_text,
        columns=columns_given,
        group=group,
    )
    if not canonical and request.GET.get("default") == "off":
        canonical = WITHOUT_DEFAULT  # the plain list, not the reader's default view
    if not notices and request.META.get("QUERY_STRING", "") != canonical:
        # A submitted filter form sends every field, empty or not: show the address to share.
        return redirect(f"{request.path}?{canonical}" if canonical else request.path)
    opportunities, parts = _sorted(request, chosen, sort, columns, grouping)
    page = list_page(
        opportunities.select_related("organization", "phase", "owner", "category"),
        number=number,
        exact=exact,
        parts=parts,
    )
    shown = [columns.by_key[key] for key in shown]
    rows = page_rows(page.rows, shown)
    slug = request.workspace.slug
    links = _links(chosen, sort, exact, page, columns_given, columns, group)
    table = [
        (
            opportunity,
            [(column.show(opportunity, rows, slug), column.is_numeric) for column in shown],
        )
        for opportunity in page.rows
    ]
    context = {
        "chosen": chosen,
        "notices": notices,
        "page": page,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "organization_text": organization_text,
        "headers": [(column, links["sort_links"][column.key]) for column in shown],
        "table": table,
        "groups": page_groups(grouping, opportunities, page, table) if grouping else None,
        "grouping": grouping,
        "grouping_choices": grouping_choices(columns),
        "column_choice": _column_choice(columns, [column.key for column in shown]),
        "columns_given": columns_given,
        **links,
        **filter_panel(chosen, workspace=request.workspace, organization_text=organization_text),
        **views_menu(
            membership=request.membership,
            chosen=chosen,
            query=request.GET,
            columns=",".join(column.key for column in shown),
        ),
    }
    return render(request, "opportunity_list/list.html", context)


def _shown_columns(request, columns, notices) -> tuple[list[str], str]:
    """The column keys to show and the `columns=` value of the canonical address: the URL's
    choice when it names one (a shared link shows the same table), else the member's own."""
    given = [key for key in request.GET.get("columns", "").split(",") if key.strip()]
    known, unknown = columns.known(key.strip() for key in given)
    for key in unknown:
        notices.append(
            _("Unknown column “%(key)s” was ignored.") % {"key": key.strip()[:QUOTED_MAX]}
        )
    if known:
        return known, ",".join(known)
    stored = chosen_columns(workspace=request.workspace, user=request.user, columns=columns)
    return stored, ""


def _column_choice(columns, shown) -> list:
    """(column, is shown) for the chooser: the shown ones in their order, then the others."""
    others = [key for key in columns.by_key if key not in shown]
    return [(columns.by_key[key], key in shown) for key in [*shown, *others]]


def _sorted(request, chosen, sort, columns, grouping=None):
    """The chosen opportunities in `sort` order (within their group when grouped), and the
    parts to merge a page from (none when one index range serves the sort)."""
    key = sort.removeprefix("-")
    descending = sort.startswith("-")
    ordering = columns.by_key[key].ordering(descending=descending)
    workspace_opportunities = Opportunity.objects.in_workspace(request.workspace).alive()
    opportunities = chosen.apply(workspace_opportunities).order_by(*ordering)
    if grouping is not None:
        # A group's rows follow each other, so a page holds whole runs of groups.
        return opportunities.order_by(*grouping.ordering(), *ordering), ()
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


def _query(
    chosen, sort, exact, number=1, *, count=None, organization_text="", columns="", group=""
) -> str:
    """The canonical query string of a list page: the filter, then columns, sort, grouping,
    count, the search text of the organization picker (without JavaScript it narrows the
    picker on reload) and page, each left out at its default."""
    pairs = [("columns", columns)] if columns else []
    pairs += [("sort", sort)] if sort != DEFAULT_SORT else []
    pairs += [("group", group)] if group else []
    pairs += [("count", "exact")] if (exact if count is None else count) else []
    pairs += [("org_q", organization_text)] if organization_text else []
    pairs += [("page", number)] if number > 1 else []
    return "&".join(part for part in (chosen.to_query(), urlencode(pairs)) if part)


def _links(chosen, sort, exact, page, columns_given, columns, group="") -> dict:
    """Sort, page and count links; they carry the canonical filter, so an ignored value does
    not travel on."""
    given = {"columns": columns_given, "group": group}
    return {
        "sort_links": {
            key: "?" + _query(chosen, f"-{key}" if sort == key else key, exact, **given)
            for key in columns.by_key
        },
        "page_links": [
            (number, "?" + _query(chosen, sort, exact, number, **given)) if number else None
            for number in page.page_numbers()
        ],
        "previous_link": "?" + _query(chosen, sort, exact, page.previous_page_number, **given),
        "next_link": "?" + _query(chosen, sort, exact, page.next_page_number, **given),
        "exact_link": "?" + _query(chosen, sort, exact, count=True, **given),
        # Back to the same list after choosing columns, which the member's choice then shows.
        "list_query": _query(chosen, sort, exact, group=group),
    }


@workspace_view(write=Role.VIEWER)
@require_POST
def opportunity_list_columns(request):
    """Remember the member's columns (a viewer's too: it changes only their own view). The
    form lists every column with a checkbox and its order; a button moves one up or down."""
    columns = Columns.of(request.workspace)
    back = request.POST.get("list_query", "")
    target = f"{reverse('opportunities:list', args=[request.workspace.slug])}?{back}"
    if "reset" in request.POST:
        list_settings_reset(workspace=request.workspace, user=request.user)
        return redirect(target.rstrip("?"))
    order, _unknown = columns.known(request.POST.getlist("order"))
    ticked = set(request.POST.getlist("column"))
    for direction, step in (("up", -1), ("down", 1)):
        moved = request.POST.get(direction)
        if moved in order:
            index = order.index(moved)
            other = min(max(index + step, 0), len(order) - 1)
            order[index], order[other] = order[other], order[index]
    shown = [key for key in order if key in ticked]
    if shown:
        list_settings_save(workspace=request.workspace, user=request.user, columns=shown)
    else:
        messages.warning(request, _("Choose at least one column."))
    return redirect(target.rstrip("?"))
