"""Grouping the opportunity list: `group=phase|status|owner|organization|category|cf_<key>`
(a single-select custom field of the workspace) in the list's address.

The rows are ordered by the group first, in the group's natural order (phase position, status
order, responsible's name, organization name, category position, option position; the empty
group last), then by the chosen sort, so every group is one run of rows and paging stays the
list's plain paging. A page shows a header for each group its rows belong to, with the totals
of the whole group; a group that began on an earlier page says "continued".

Totals come from ONE grouped query over the filtered set, limited to the page's groups:
`GROUP BY group, currency` with COUNT, SUM(expected value) and SUM(expected value ×
probability). Amounts of different currencies are never added up: a group's value and weighted
sum are one amount per currency occurring in it (currencies in alphabetical order), e.g.
"12,000.00 € · 3,000.00 $"; its count is the sum over currencies. The weighted sum is divided by
100 and rounded to cents in Python, so SQLite's floating-point sums are exact to the cent.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import formats
from django.utils.translation import gettext as _

from opportune.core.forms import QUOTED_MAX
from opportune.core.money import format_money
from opportune.opportunities.models import CustomFieldValue, Status
from opportune.pipeline.models import CustomField, FieldType

from .columns import EMPTY

# The built-in groupings, in the order the control offers them.
BUILT_IN = ("phase", "status", "owner", "organization", "category")
CENT = Decimal("0.01")
# Wide enough for a sum of 100,000 values of 14 digits times a probability of 100.
_SUM = DecimalField(max_digits=30, decimal_places=2)
# The responsible's name as the list shows it: the full name, else the address.
OWNER_NAME = Coalesce(
    NullIf(F("owner__full_name"), Value("")), F("owner__email"), output_field=CharField()
)


@dataclass(frozen=True)
class Grouping:
    """What the list is grouped by: a built-in key or a single-select custom field."""

    key: str  # as in `group=`
    label: str
    field: CustomField | None = None  # of a `cf_<key>` grouping

    def value(self):
        """The group of each opportunity: an id, a status, an option id, or NULL (none)."""
        if self.field is None:
            return F("status") if self.key == "status" else F(f"{self.key}_id")
        return Subquery(self._options().values("option_id")[:1])

    def _options(self):
        return CustomFieldValue.objects.filter(
            field_id=self.field.pk, opportunity_id=OuterRef("pk")
        ).order_by("option__position", "option_id")

    def ordering(self) -> list:
        """ORDER BY expressions putting the groups in their natural order, the empty one last;
        the group's own value last, so groups sharing a name or position stay apart."""
        match self.key:
            case "phase":
                ordering = [F("phase_position").asc()]
            case "status":
                order = [When(status=status, then=Value(n)) for n, status in enumerate(Status)]
                return [Case(*order, output_field=IntegerField()).asc()]
            case "owner":
                ordering = [OWNER_NAME.asc(nulls_last=True)]
            case "organization":
                ordering = [F("organization_sort_name").asc()]
            case "category":
                position, name = F("category__position"), F("category__name")
                ordering = [position.asc(nulls_last=True), name.asc(nulls_last=True)]
            case _:
                position = Subquery(self._options().values("option__position")[:1])
                ordering = [position.asc(nulls_last=True)]
        return [*ordering, self.value().asc(nulls_last=True)]

    def of(self, opportunity, options: dict):
        """The group of a fetched opportunity (`options`: option per opportunity id)."""
        if self.field is not None:
            option = options.get(opportunity.pk)
            return option.pk if option else None
        if self.key == "status":
            return opportunity.status
        return getattr(opportunity, f"{self.key}_id")

    def title(self, opportunity, options: dict) -> str:
        """The group's label, read from one of its opportunities."""
        match self.key:
            case "phase":
                return opportunity.phase.name
            case "status":
                return str(opportunity.get_status_display())
            case "owner":
                return opportunity.owner.display_name if opportunity.owner else _("Nobody")
            case "organization":
                return opportunity.organization.name
            case "category":
                return opportunity.category.name if opportunity.category else _("No category")
        option = options.get(opportunity.pk)
        return option.label if option else _("Without %(field)s") % {"field": self.field.label}


def grouping_choices(columns) -> list[Grouping]:
    """Every grouping the workspace offers: the built-in ones, then its single-select fields
    in the order of the project settings (`columns`: the list's Columns)."""
    labels = {
        "phase": _("Phase"),
        "status": _("Status"),
        "owner": _("Responsible"),
        "organization": _("Organization"),
        "category": _("Category"),
    }
    choices = [Grouping(key, labels[key]) for key in BUILT_IN]
    for column in columns.by_key.values():
        if column.field is not None and column.field.type == FieldType.SINGLE_SELECT:
            choices.append(Grouping(column.key, column.field.label, column.field))
    return choices


def read_grouping(text: str, *, columns, notices: list) -> Grouping | None:
    """The grouping `group=<text>` names, or None; a notice in `notices` for a value that is
    not one of the workspace's groupings (a custom field of another workspace is unknown)."""
    if not text:
        return None
    for grouping in grouping_choices(columns):
        if grouping.key == text:
            return grouping
    notices.append(
        _("The list cannot be grouped by “%(group)s”; it is shown without groups.")
        % {"group": text[:QUOTED_MAX]}
    )
    return None


@dataclass
class Group:
    """One group's header on a page: its label and the totals of the whole group."""

    value: object
    label: str
    colour: str = ""
    is_continued: bool = False
    count: int = 0
    sums: dict = field(default_factory=dict)  # currency -> (value, weighted)
    rows: list = field(default_factory=list)  # the group's opportunities on the page
    table: list = field(default_factory=list)  # and their items, in the same order

    @property
    def count_label(self) -> str:
        return formats.number_format(self.count, use_l10n=True, force_grouping=True)

    @property
    def value_label(self) -> str:
        return _money_label(self.sums, 0)

    @property
    def weighted_label(self) -> str:
        return _money_label(self.sums, 1)


def _money_label(sums: dict, index: int) -> str:
    amounts = [
        format_money(amounts[index], currency)
        for currency, amounts in sorted(sums.items())
        if amounts[index] is not None
    ]
    return " · ".join(amounts) or EMPTY


def page_groups(grouping: Grouping, opportunities, page, items: list) -> list[Group]:
    """The groups of `page` (a ListPage of the ordered, filtered `opportunities`), each with
    its totals and its share of `items` (one per row of the page, e.g. its cells). At most
    three queries whatever the page's length: the page's options (custom field only), the
    grouped totals, and the group of the row before the page (from page 2 on)."""
    options = _page_options(grouping, page.rows)
    groups = []
    for opportunity, item in zip(page.rows, items, strict=True):
        value = grouping.of(opportunity, options)
        if not groups or groups[-1].value != value:
            colour = opportunity.phase.colour if grouping.key == "phase" else ""
            groups.append(Group(value, grouping.title(opportunity, options), colour))
        groups[-1].rows.append(opportunity)
        groups[-1].table.append(item)
    if not groups:
        return groups
    _add_totals(grouping, opportunities, groups)
    if page.number > 1:
        start = (page.number - 1) * page.size
        before = opportunities.annotate(list_group=grouping.value())
        previous = list(before.values_list("list_group", flat=True)[start - 1 : start])
        groups[0].is_continued = bool(previous) and previous[0] == groups[0].value
    return groups


def _page_options(grouping: Grouping, rows) -> dict:
    """The option of each row of the page, by opportunity id (for a custom-field grouping)."""
    if grouping.field is None or not rows:
        return {}
    values = CustomFieldValue.objects.filter(
        field_id=grouping.field.pk, opportunity_id__in=[row.pk for row in rows]
    ).select_related("option")
    options = {}
    # The first option by position, as Grouping.value picks it.
    for value in values.order_by("-option__position", "-option_id"):
        options[value.opportunity_id] = value.option
    return options


def _add_totals(grouping: Grouping, opportunities, groups: list[Group]) -> None:
    """Count, value and weighted sum per currency of each group, in one grouped query."""
    values = [group.value for group in groups]
    known = [value for value in values if value is not None]
    within = Q(list_group__in=known) if known else Q(pk__in=[])
    if None in values:
        within |= Q(list_group__isnull=True)
    rows = (
        opportunities.order_by()
        .annotate(list_group=grouping.value())
        .filter(within)
        .values("list_group", "currency")
        .annotate(
            count=Count("pk"),
            value=Sum("expected_value", output_field=_SUM),
            weighted=Sum(F("expected_value") * F("probability"), output_field=_SUM),
        )
    )
    by_value = {group.value: group for group in groups}
    for row in rows:
        group = by_value[row["list_group"]]
        group.count += row["count"]
        if row["value"] is not None:
            weighted = (row["weighted"] / 100).quantize(CENT)
            group.sums[row["currency"]] = (row["value"].quantize(CENT), weighted)
