"""The opportunity list's columns: one registry for the table, its sorts and the exports.

Each column has a key (as in `columns=` and `sort=` of the URL), a label, the expressions it
sorts by (empty values last in both directions, then the id), how its cell is shown, and
`value(opportunity, rows)`: the plain value for exports (text, Decimal, date or None, no HTML).

Custom fields are columns `cf_<key>`. Multi-select fields sort by their first option's position
(the options' order in the project settings), as single selects do.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opportune.core.money import format_money
from opportune.opportunities.custom_values import display
from opportune.opportunities.models import CustomFieldValue, Opportunity, Status
from opportune.opportunities.services import weighted_value
from opportune.pipeline.fields import COLUMN
from opportune.pipeline.models import SELECT_TYPES, CustomField, FieldType

EMPTY = "—"
# The characters reverse() leaves unquoted in a path argument.
REVERSE_SAFE = RFC3986_SUBDELIMS + "/~:@"
DEFAULT_KEYS = (
    "short_name",
    "name",
    "organization",
    "phase",
    "status",
    "responsible",
    "value",
    "close",
)


@dataclass
class PageRows:
    """What a page's cells need beyond the opportunity rows, read in one query per kind for
    the whole page (tags, custom values), whatever its length."""

    tags: dict = None  # opportunity id -> [Tag]
    custom: dict = None  # (opportunity id, field id) -> [CustomFieldValue]
    detail_prefix: str | None = None  # the opportunity pages' address up to the short name


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # Sort expressions (F or other expressions) and whether each may be empty; or a function
    # returning them, where building them costs time on every page that is not sorted so.
    sort_by: tuple | Callable
    value: Callable  # (opportunity, PageRows) -> str | Decimal | date | None
    cell: Callable | None = None  # (opportunity, PageRows, workspace_slug) -> HTML; default: value
    is_numeric: bool = False
    field: CustomField | None = None

    def ordering(self, *, descending: bool) -> list:
        """ORDER BY expressions: empty values last either way, the id last (a page is then a
        range of an index ending in id). Columns that are never empty sort plainly, so one
        index serves both directions on PostgreSQL too."""
        ordering = []
        sort_by = self.sort_by() if callable(self.sort_by) else self.sort_by
        for expression, nullable in sort_by:
            if descending:
                ordering.append(expression.desc(nulls_last=True if nullable else None))
            else:
                ordering.append(expression.asc(nulls_last=True if nullable else None))
        ordering.append(F("id").desc() if descending else F("id").asc())
        return ordering

    def show(self, opportunity, rows: PageRows, workspace_slug: str):
        if self.cell is not None:
            return self.cell(opportunity, rows, workspace_slug)
        return _shown(self.value(opportunity, rows))


def _shown(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)
    if hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if hasattr(value, "day"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _detail_url(opportunity, rows: PageRows, slug: str) -> str:
    """The opportunity's page, as reverse() writes it; reversed once per page, not per cell
    (it took a fifth of the table's cells' time)."""
    if rows.detail_prefix is None:
        rows.detail_prefix = reverse("opportunities:detail", args=[slug, "-"]).removesuffix("-/")
    return f"{rows.detail_prefix}{quote(opportunity.short_name, safe=REVERSE_SAFE)}/"


def _link(text_of, css_class=""):
    def cell(opportunity, rows, slug):
        url = _detail_url(opportunity, rows, slug)
        if css_class:
            return format_html(
                '<a class="{}" href="{}">{}</a>', css_class, url, text_of(opportunity)
            )
        return format_html('<a href="{}">{}</a>', url, text_of(opportunity))

    return cell


def _money(amount_of):
    def cell(opportunity, rows, slug):
        return format_money(amount_of(opportunity), opportunity.currency) or EMPTY

    return cell


def _phase_cell(opportunity, rows, slug):
    phase = opportunity.phase
    return format_html('<span class="chip c-{}">{}</span>', phase.colour, phase.name)


def _tags_value(opportunity, rows):
    return ", ".join(tag.name for tag in rows.tags.get(opportunity.pk, [])) or None


def _tags_cell(opportunity, rows, slug):
    tags = rows.tags.get(opportunity.pk, [])
    if not tags:
        return EMPTY
    return format_html_join(
        " ", '<span class="chip c-{}">{}</span>', ((tag.colour, tag.name) for tag in tags)
    )


def _owner_name(opportunity, rows):
    return opportunity.owner.display_name if opportunity.owner else None


def _local(instant):
    return timezone.localtime(instant) if instant else None


def _first_tag_name():
    tagged = Opportunity.tags.through.objects.filter(opportunity_id=OuterRef("pk"))
    return Subquery(tagged.order_by("tag__name").values("tag__name")[:1])


_OWNER_NAME = Coalesce(
    NullIf(F("owner__full_name"), Value("")), F("owner__email"), output_field=CharField()
)
_WEIGHTED = F("expected_value") * F("probability")
_STATUS_LABELS = dict(Status.choices)

BUILT_IN = [
    Column(
        "short_name",
        gettext_lazy("Short name"),
        ((F("short_name_key"), False), (F("number"), False)),
        lambda o, rows: o.short_name,
        cell=_link(lambda o: o.short_name, "shortname"),
    ),
    Column(
        "name",
        gettext_lazy("Name"),
        ((F("name"), False),),
        lambda o, rows: o.name,
        cell=_link(lambda o: o.name),
    ),
    Column(
        "organization",
        gettext_lazy("Organization"),
        ((F("organization_sort_name"), False),),
        lambda o, rows: o.organization.name,
    ),
    Column(
        "category",
        gettext_lazy("Category"),
        ((F("category__name"), True),),
        lambda o, rows: o.category.name if o.category else None,
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        ((F("status"), False),),
        # From a dict, not get_status_display(): that rebuilds the choices for every row.
        lambda o, rows: str(_STATUS_LABELS.get(o.status, o.status)),
    ),
    Column(
        "phase",
        gettext_lazy("Phase"),
        ((F("phase_position"), False),),
        lambda o, rows: o.phase.name,
        cell=_phase_cell,
    ),
    Column("responsible", gettext_lazy("Responsible"), ((_OWNER_NAME, True),), _owner_name),
    Column(
        "open_tasks",
        gettext_lazy("Open tasks"),
        ((F("open_task_count"), False),),
        lambda o, rows: Decimal(o.open_task_count),
        is_numeric=True,
    ),
    Column(
        "tags", gettext_lazy("Tags"), ((_first_tag_name(), True),), _tags_value, cell=_tags_cell
    ),
    Column(
        "probability",
        gettext_lazy("Closing probability"),
        ((F("probability"), False),),
        lambda o, rows: Decimal(o.probability),
        cell=lambda o, rows, slug: f"{o.probability} %",
        is_numeric=True,
    ),
    Column(
        "source",
        gettext_lazy("Source"),
        # An empty source is "", not NULL: it sorts last as NULL would.
        ((NullIf(F("source"), Value("")), True),),
        lambda o, rows: o.source or None,
    ),
    Column(
        "value",
        gettext_lazy("Expected value"),
        ((F("expected_value"), True),),
        lambda o, rows: o.expected_value,
        cell=_money(lambda o: o.expected_value),
        is_numeric=True,
    ),
    Column(
        "weighted",
        gettext_lazy("Weighted value"),
        ((_WEIGHTED, True),),
        lambda o, rows: weighted_value(o),
        cell=_money(weighted_value),
        is_numeric=True,
    ),
    Column(
        "close",
        gettext_lazy("Expected close"),
        ((F("expected_close_on"), True),),
        lambda o, rows: o.expected_close_on,
    ),
    Column(
        "last_activity",
        gettext_lazy("Last activity"),
        ((F("last_activity_at"), True),),
        lambda o, rows: _local(o.last_activity_at),
    ),
    Column(
        "next_reminder",
        gettext_lazy("Next reminder"),
        ((F("next_reminder_on"), True),),
        lambda o, rows: o.next_reminder_on,
    ),
    Column(
        "created",
        gettext_lazy("Created"),
        ((F("created_at"), False),),
        lambda o, rows: _local(o.created_at),
    ),
]


def _custom_sort(field: CustomField):
    """The typed value of the field for each opportunity: a select's (first) option position,
    a user's name, the stored number, date, text or tick."""
    rows = CustomFieldValue.objects.filter(
        workspace_id=field.workspace_id, opportunity_id=OuterRef("pk"), field_id=field.pk
    )
    if field.type in SELECT_TYPES:
        rows = rows.order_by("option__position", "option_id").values("option__position")
    elif field.type == FieldType.USER:
        name = Coalesce(
            NullIf(F("user__full_name"), Value("")), "user__email", output_field=CharField()
        )
        rows = rows.values(name=name)
    else:
        rows = rows.values(COLUMN[FieldType(field.type)])
    return Subquery(rows[:1])


def _custom_value(field: CustomField):
    def value(opportunity, rows):
        stored = rows.custom.get((opportunity.pk, field.pk), [])
        if not stored:
            return None
        match field.type:
            case FieldType.NUMBER | FieldType.MONEY | FieldType.PERCENT:
                return stored[0].number.normalize()
            case FieldType.DATE:
                return stored[0].date
            case FieldType.CHECKBOX:
                return _("yes") if stored[0].boolean else None
        return display(field, stored) or None

    return value


def _custom_cell(field: CustomField):
    def cell(opportunity, rows, slug):
        return display(field, rows.custom.get((opportunity.pk, field.pk), [])) or EMPTY

    return cell


def custom_column(field: CustomField) -> Column:
    return Column(
        f"cf_{field.key}",
        field.label,
        # Built when sorted by: a subquery per field took 3 ms of every list page.
        lambda: ((_custom_sort(field), True),),
        _custom_value(field),
        cell=_custom_cell(field),
        is_numeric=field.type in (FieldType.NUMBER, FieldType.MONEY, FieldType.PERCENT),
        field=field,
    )


@dataclass(frozen=True)
class Columns:
    """The columns of one workspace's list, by key, in the order the chooser offers them."""

    by_key: dict
    default_keys: tuple

    @classmethod
    def of(cls, workspace) -> "Columns":
        fields = list(CustomField.objects.in_workspace(workspace))
        columns = BUILT_IN + [custom_column(field) for field in fields]
        shown = tuple(f"cf_{field.key}" for field in fields if field.is_shown_in_list)
        return cls({column.key: column for column in columns}, DEFAULT_KEYS + shown)

    def known(self, keys) -> tuple[list[str], list[str]]:
        """The known keys among `keys` (each once, in order) and the unknown ones."""
        known, unknown = [], []
        for key in keys:
            if key in self.by_key:
                if key not in known:
                    known.append(key)
            else:
                unknown.append(key)
        return known, unknown


def page_rows(opportunities, columns: list[Column]) -> PageRows:
    """The tags and custom values the chosen `columns` show for `opportunities`: at most one
    query each, for any number of rows."""
    ids = [opportunity.pk for opportunity in opportunities]
    rows = PageRows(tags={}, custom=defaultdict(list))
    if not ids:
        return rows
    if any(column.key == "tags" for column in columns):
        tagged = Opportunity.tags.through.objects.filter(opportunity_id__in=ids)
        for link in tagged.select_related("tag").order_by("tag__name"):
            rows.tags.setdefault(link.opportunity_id, []).append(link.tag)
    fields = [column.field.pk for column in columns if column.field is not None]
    if fields:
        values = CustomFieldValue.objects.filter(opportunity_id__in=ids, field_id__in=fields)
        values = values.select_related("option", "user").order_by("option__position", "pk")
        for value in values:
            rows.custom[(value.opportunity_id, value.field_id)].append(value)
    return rows
