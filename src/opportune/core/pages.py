"""Helpers shared by the page views of several apps. Imports nothing from other Opportune apps."""

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_fragment_or_page(request, template, fragment, context):
    """The named fragment of `template` for htmx's own requests, else the whole page.

    Boosted links and history restores want the whole page; the response varies on
    HX-Request so a cache never serves the fragment for a full page load.
    """
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        template = f"{template}#{fragment}"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def ordered_page(queryset, number, size: int, *, rows) -> Page:
    """Page `number` of the ordered `queryset`, its rows then read by id from `rows` (which
    selects or prefetches what the page shows): the OFFSET skips ids in the sort index alone,
    so a deep page reads its own rows, not every row before it, and the filters run once."""
    page = Paginator(queryset.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    by_id = rows.in_bulk(ids)
    page.object_list = [by_id[pk] for pk in ids]
    return page
