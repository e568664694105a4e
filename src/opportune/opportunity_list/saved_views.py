"""Reading saved views: the query a view stores, the built-in views, the "Views" menu of the
list and the view a list opens with. The writes are in services.py."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opportune.core.forms import SINGLE_LINE_MAX, single_line
from opportune.opportunities.models import Status

from .filters import OpportunityFilter
from .models import ListSettings, SavedView

# The list's address without the user's default view (an address without query opens that).
WITHOUT_DEFAULT = "default=off"
# Besides the filter a view keeps the list's columns, sort and grouping, in the order of the
# list's canonical address.
VIEW_KEYS = ("columns", "sort", "group")


@dataclass(frozen=True)
class BuiltInView:
    name: str
    query: str


def stored_query(query: QueryDict, *, workspace, user) -> str:
    """The query a view stores for a list address: the canonical filter as `user` reads it in
    `workspace` (ignored parts left out, `me` kept as "the reader"), then sort, columns and
    grouping, which the list checks when it shows them."""
    chosen = OpportunityFilter.from_query(query, workspace=workspace, user=user)
    return compose(chosen, query)


def compose(chosen: OpportunityFilter, query: QueryDict) -> str:
    """`chosen` as a query, with the view keys of `query`."""
    extra = [
        (key, value[:SINGLE_LINE_MAX])
        for key in VIEW_KEYS
        for value in (single_line(text).strip() for text in query.getlist(key))
        if value
    ]
    return "&".join(part for part in (chosen.to_query(), urlencode(extra)) if part)


def built_in_views(today: date) -> list[BuiltInView]:
    """The views every member has; "this month" and "this year" follow `today`."""
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    won = tuple(sorted([Status.IMPLEMENTATION.value, Status.COMPLETED.value]))
    return [
        BuiltInView(_("My open opportunities"), OpportunityFilter(owner_me=True).to_query()),
        BuiltInView(
            _("Closing this month"),
            OpportunityFilter(close_from=today.replace(day=1), close_to=month_end).to_query(),
        ),
        BuiltInView(
            _("Won this year"),
            OpportunityFilter(
                statuses=won,
                closed_from=date(today.year, 1, 1),
                closed_to=date(today.year, 12, 31),
            ).to_query(),
        ),
    ]


def may_change(membership, view: SavedView) -> bool:
    """Whether `membership` may rename, share or delete `view`: its owner may, and an admin may
    change a shared one (services.py lists who may do what)."""
    if view.workspace_id != membership.workspace_id:
        return False
    if view.owner_id == membership.user_id:
        return True
    return view.is_shared and membership.can_administer


def default_query(*, workspace, user) -> str:
    """The query of the view the user's list opens with, or "" for the plain list. A shared
    view made private since is not theirs to open any more."""
    visible = SavedView.objects.in_workspace(workspace).visible_to(user)
    row = (
        ListSettings.objects.in_workspace(workspace)
        .filter(user=user, default_view__in=visible)
        .values_list("default_view__query", flat=True)
        .first()
    )
    return row or ""


def views_menu(*, membership, chosen: OpportunityFilter, query: QueryDict, columns: str) -> dict:
    """The template context of the "Views" menu for the list showing `chosen` with the
    `columns` (keys, comma-separated) and the other keys of `query`."""
    workspace, user = membership.workspace, membership.user
    shown = query.copy()
    shown.setlist("columns", [columns])
    # A view saves the columns shown, also when they are the member's own and not in the URL.
    current = compose(chosen, shown)
    addresses = {current, compose(chosen, query)}
    views = list(SavedView.objects.in_workspace(workspace).visible_to(user).select_related("owner"))
    default_id = (
        ListSettings.objects.in_workspace(workspace)
        .filter(user=user)
        .values_list("default_view_id", flat=True)
        .first()
    )
    for view in views:
        view.is_current = view.query in addresses
        view.may_change = may_change(membership, view)
    own = [view for view in views if view.owner_id == user.pk]
    shared = sorted(
        (view for view in views if view.owner_id != user.pk),
        key=lambda view: (view.name.lower(), view.pk),
    )
    default = next((view for view in views if view.pk == default_id), None)
    return {
        "views_current_query": current,
        "views_back": query.urlencode(),
        "views_built_in": [
            (view, view.query in addresses) for view in built_in_views(timezone.localdate())
        ],
        "views_own": own,
        "views_shared": shared,
        "views_default": default,
        # "Reset" leads to the plain list, not back to the default view.
        "reset_query": WITHOUT_DEFAULT if default and default.query else "",
        "views_may_share": membership.can_edit,
        "views_may_administer": membership.can_administer,
    }
