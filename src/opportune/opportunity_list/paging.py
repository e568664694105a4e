"""Pages of a long list without counting all of it.

A COUNT of every matching row reads all of them: at 100,000 opportunities that is most of the
page's time. The list counts at most COUNT_CAP + 1 rows (`SELECT COUNT(*) FROM (… LIMIT n)`),
says "10,000+" beyond, and counts exactly only when asked. A page fetches one row more than it
shows, so "Next" is known without the total.
"""

from dataclasses import dataclass
from math import ceil

from django.db import connections
from django.utils import formats

COUNT_CAP = 10_000
PAGE_SIZE = 50
# Page links shown on each side of the current page.
NEIGHBOURS = 2
# A typed page number beyond any list; it keeps the OFFSET within a 64-bit integer.
PAGE_MAX = 10**9


@dataclass(frozen=True)
class ListPage:
    rows: list
    number: int
    size: int
    count: int  # exact, or COUNT_CAP + 1 when `is_capped`
    is_capped: bool
    has_next: bool

    @property
    def count_label(self) -> str:
        """The number of rows for the reader: "1,234", or "10,000+" when capped."""
        shown = min(self.count, COUNT_CAP) if self.is_capped else self.count
        label = formats.number_format(shown, use_l10n=True, force_grouping=True)
        return f"{label}+" if self.is_capped else label

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def known_pages(self) -> int:
        """The last page known to exist (more may follow when the count is capped)."""
        return max(self.number, ceil(self.count / self.size), 1)

    def page_numbers(self) -> list[int | None]:
        """The page links to show: first, last known and the current one's neighbours; None
        where numbers are left out."""
        last = self.known_pages
        shown = {1, last, *range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1)}
        numbers = []
        for number in sorted(n for n in shown if 1 <= n <= last):
            if numbers and number > numbers[-1] + 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def list_page(
    queryset, *, number: int, exact: bool = False, size: int | None = None, parts=()
) -> ListPage:
    """Page `number` (from 1) of the ordered `queryset`, with a capped count unless `exact`.

    `parts`: querysets that together hold exactly the rows of `queryset`, each read in order
    from an index range (e.g. one per status of the default "open" filter). The page is then
    read as their merge, which neither database does by sorting; `status IN (…)` over the same
    index would sort every matching row.
    """
    size = size or PAGE_SIZE
    number = min(max(number, 1), PAGE_MAX)
    count = queryset.count() if exact else queryset.order_by()[: COUNT_CAP + 1].count()
    is_capped = not exact and count > COUNT_CAP
    if not is_capped:
        # A page beyond the end shows the last one, as Django's Paginator.get_page does.
        number = min(number, max(1, ceil(count / size)))
    rows = _rows(queryset, number, size, parts)
    if not rows and number > 1:
        # Beyond the end of a capped count (a typed page number): the last page there is.
        count, is_capped = queryset.count(), False
        number = max(1, ceil(count / size))
        rows = _rows(queryset, number, size, parts)
    return ListPage(
        rows=rows[:size],
        number=number,
        size=size,
        count=count,
        is_capped=is_capped,
        has_next=len(rows) > size,
    )


def _rows(queryset, number, size, parts) -> list:
    """The rows of page `number` and the first of the next page, if any."""
    start = (number - 1) * size
    end = start + size + 1
    if not parts:
        return list(queryset[start:end])
    ordering = queryset.query.order_by
    names = list(dict.fromkeys(_column_name(term) for term in ordering))
    # PostgreSQL merges the ranges (Merge Append) only when each is ordered and limited; SQLite
    # refuses both inside a UNION and merges the ranges by itself.
    limited = connections[queryset.db].features.supports_slicing_ordering_in_compound
    ranges = [
        part.order_by(*ordering).values_list(*names)[:end]
        if limited
        else part.order_by().values_list(*names)
        for part in parts
    ]
    merged = ranges[0].union(*ranges[1:], all=True).order_by(*ordering)[start:end]
    ids = [row[names.index("id")] for row in merged]
    # Unordered: with the list's ORDER BY the planner may walk the sort index instead of the ids.
    found = queryset.order_by().in_bulk(ids)
    # A row changed meanwhile (e.g. its status) is left out rather than failing the page.
    return [found[pk] for pk in ids if pk in found]


def _column_name(term) -> str:
    """The column an ORDER BY term of a merged page names: "-name", or F("name").desc(...)
    (which can say where empty values go)."""
    if isinstance(term, str):
        return term.removeprefix("-")
    return term.expression.name
