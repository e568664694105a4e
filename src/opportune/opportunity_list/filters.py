"""Which opportunities a list shows, read from the query string: one format for the list, the
board, export, reports and the API (docs/list-url-format.md says the same for readers).

Every key is optional; repeat a key for several values (`?phase=3&phase=5` is phase 3 or 5).
Different keys narrow each other (phase 3 *and* owner me).

    q=<text>                      short name, name, organization or description contains it
    phase=<id>                    in one of these phases
    status=<status>               sales, implementation, completed, on_hold, lost; or the
                                  aliases open (sales and on_hold: the default when no status is
                                  given) and all
    owner=<user id>|me|none       responsible is one of these members, the reader ("me": a shared
                                  link shows each reader their own) or nobody ("none")
    organization=<id>             of one of these organizations
    category=<id>|none            in one of these categories, or in none
    tag=<id>                      has one of these tags; with tags=all: every one of them
    tags=any|all                  how tag values combine (default any)
    close_from=<date>             expected close on or after the date
    close_to=<date>               expected close on or before the date
    closed_from=<date>            won or lost on or after the date
    closed_to=<date>              won or lost on or before the date
    created_from=<date>           created on or after the date
    created_to=<date>             created on or before the date
    overdue=yes                   has an open reminder dated before today
    cf_<key>=<option id>          select custom field has one of these options
    cf_<key>_min=<value>          number, money, percent or date custom field is at least ...
    cf_<key>_max=<value>          ... and at most the value (inclusive)
    cf_<key>=yes|no               checkbox custom field is ticked, or not
    cf_<key>=<text>               text, long text or URL custom field contains the text
    cf_<key>=<user id>|me         user custom field is one of these members

Dates are ISO (2026-07-16) or in the reader's format (16.07.2026, 16/07/2026). Numbers are
plain (1234.5); the reader's format (1.234,5) is read when it is not a plain number. Text
ignores case and is cut to 200 characters. `sort`, `page`, `count`, `org_q`, `columns` and
`group` (grouping.py) belong to the page that shows the list, not to the filter; so does
`default=off` (the list without the reader's default view).

Ids name things of the reader's workspace only. A key the format does not know (a custom field
of another workspace is unknown too), and a value that is not valid or names nothing in the
workspace, is ignored: the filter reads as if it were absent and says so in `notices`. An empty
value (an empty form field) is absent without a notice. `to_query()` writes the canonical form:
ISO dates, plain numbers, sorted ids, the default left out.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opportune.core.converters import parse_id
from opportune.core.forms import QUOTED_MAX, single_line
from opportune.core.numbers import normalize_number
from opportune.journal.models import JournalEntry
from opportune.opportunities.models import CustomFieldValue, Opportunity, Status
from opportune.organizations.models import Organization
from opportune.pipeline.models import (
    SELECT_TYPES,
    Category,
    CustomField,
    CustomFieldOption,
    FieldType,
    Phase,
)
from opportune.tags.models import Tag
from opportune.workspaces.models import Membership

ME = "me"
NOBODY = "none"
OPEN = tuple(sorted([Status.SALES.value, Status.ON_HOLD.value]))
ALL_STATUSES = tuple(sorted(Status.values))
STATUS_ALIASES = {"open": OPEN, "all": ALL_STATUSES}
TEXT_MAX = 200
# Up to this many opportunities with an overdue reminder are filtered by a list of their ids.
OVERDUE_LISTED = 1_000
# The keys the filter reads besides cf_<key>.
READ_KEYS = frozenset(
    {
        "q",
        "phase",
        "status",
        "owner",
        "organization",
        "category",
        "tag",
        "tags",
        "close_from",
        "close_to",
        "closed_from",
        "closed_to",
        "created_from",
        "created_to",
        "overdue",
    }
)
# Read by the page that shows the list (sorting, paging, exact counting, the search box of the
# organization picker), not by the filter.
PAGE_KEYS = frozenset({"sort", "page", "count", "org_q", "default", "columns", "group"})
YES, NO = "yes", "no"
# Date keys in the order of the canonical query.
DATE_KEYS = ("close_from", "close_to", "closed_from", "closed_to", "created_from", "created_to")

RANGE_TYPES = {FieldType.NUMBER, FieldType.MONEY, FieldType.PERCENT, FieldType.DATE}
TEXT_TYPES = {FieldType.TEXT, FieldType.LONG_TEXT, FieldType.URL}
# Numbers of custom fields are stored with 14 digits before the point and 4 after.
NUMBER_LIMIT = Decimal(10) ** 14
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# Dates outside these years cannot be turned into an instant in every time zone.
FIRST_YEAR, LAST_YEAR = 1000, 9998


@dataclass(frozen=True)
class FieldCondition:
    """What one custom field must hold; which attributes count depends on the field's type."""

    key: str
    type: str
    field_id: int
    values: tuple[int, ...] = ()  # select: option ids; user: user ids (any of)
    me: bool = False  # user: the reader
    minimum: Decimal | date | None = None  # number, money, percent, date (inclusive)
    maximum: Decimal | date | None = None
    checked: bool | None = None  # checkbox
    text: str = ""  # text, long text, URL: contains

    def condition(self, user) -> Q:
        rows = CustomFieldValue.objects.filter(opportunity=OuterRef("pk"), field_id=self.field_id)
        if self.type in SELECT_TYPES:
            return Q(Exists(rows.filter(_any_of("option_id", self.values))))
        if self.type == FieldType.USER:
            users = self.values + ((user.pk,) if self.me else ())
            return Q(Exists(rows.filter(_any_of("user_id", users))))
        if self.type == FieldType.CHECKBOX:
            # An unticked checkbox stores no row at all.
            ticked = Q(Exists(rows.filter(boolean=True)))
            return ticked if self.checked else ~ticked
        if self.type in TEXT_TYPES:
            column = "long_text" if self.type == FieldType.LONG_TEXT else "text"
            return Q(Exists(rows.filter(**{f"{column}__icontains": self.text})))
        column = "date" if self.type == FieldType.DATE else "number"
        bounds = {}
        if self.minimum is not None:
            bounds[f"{column}__gte"] = self.minimum
        if self.maximum is not None:
            bounds[f"{column}__lte"] = self.maximum
        return Q(Exists(rows.filter(**bounds)))

    def query_pairs(self) -> list[tuple[str, str]]:
        name = f"cf_{self.key}"
        if self.type in SELECT_TYPES:
            return [(name, str(pk)) for pk in self.values]
        if self.type == FieldType.USER:
            return [(name, str(pk)) for pk in self.values] + ([(name, ME)] if self.me else [])
        if self.type == FieldType.CHECKBOX:
            return [(name, YES if self.checked else NO)]
        if self.type in TEXT_TYPES:
            return [(name, self.text)]
        pairs = []
        if self.minimum is not None:
            pairs.append((f"{name}_min", _plain(self.minimum)))
        if self.maximum is not None:
            pairs.append((f"{name}_max", _plain(self.maximum)))
        return pairs


@dataclass(frozen=True)
class OpportunityFilter:
    """A validated filter of one workspace's opportunities; the defaults show the open ones.

    Build it with `from_query`; `apply` narrows a queryset, `to_query` writes it back.
    """

    text: str = ""
    phases: tuple[int, ...] = ()
    statuses: tuple[str, ...] = OPEN
    owners: tuple[int, ...] = ()
    owner_me: bool = False
    owner_none: bool = False
    organizations: tuple[int, ...] = ()
    categories: tuple[int, ...] = ()
    category_none: bool = False
    tags: tuple[int, ...] = ()
    tags_all: bool = False
    close_from: date | None = None
    close_to: date | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    created_from: date | None = None
    created_to: date | None = None
    overdue: bool = False
    fields: tuple[FieldCondition, ...] = ()
    # What was ignored, for the reader; not part of what the filter selects.
    notices: tuple[str, ...] = field(default=(), compare=False)
    workspace: Any = field(default=None, compare=False, repr=False)
    user: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_query(cls, query: QueryDict, *, workspace, user) -> "OpportunityFilter":
        return _Reader(query, workspace=workspace, user=user).read()

    @property
    def is_default(self) -> bool:
        return self == OpportunityFilter()

    def apply(self, queryset):
        """`queryset` (opportunities of the filter's workspace) narrowed to the chosen ones."""
        if self.text:
            queryset = queryset.search(self.text)
        conditions = [
            _any_of("phase_id", self.phases),
            Q() if self.statuses == ALL_STATUSES else _any_of("status", self.statuses),
            _any_of("organization_id", self.organizations),
        ]
        if self.owners or self.owner_me or self.owner_none:
            owners = self.owners + ((self.user.pk,) if self.owner_me else ())
            conditions.append(_any_of("owner_id", owners, or_none=self.owner_none))
        if self.categories or self.category_none:
            conditions.append(_any_of("category_id", self.categories, or_none=self.category_none))
        conditions.extend(self._tag_conditions())
        conditions.extend(self._date_conditions())
        if self.overdue:
            conditions.append(self._overdue_condition())
        conditions.extend(condition.condition(self.user) for condition in self.fields)
        return queryset.filter(*conditions)

    def _overdue_condition(self) -> Q:
        """Usually few opportunities have an overdue reminder: as a list of ids the database
        reads just those, while for a subquery PostgreSQL may walk the whole list in sort order
        probing each opportunity. When there are many, that walk finds enough of them soon."""
        reminders = JournalEntry.objects.in_workspace(self.workspace).open_reminders()
        overdue = reminders.filter(reminder_on__lt=timezone.localdate()).values("opportunity_id")
        listed = list(overdue.order_by().distinct()[: OVERDUE_LISTED + 1])
        if len(listed) > OVERDUE_LISTED:
            return Q(pk__in=overdue)
        return Q(pk__in=[row["opportunity_id"] for row in listed])

    def _tag_conditions(self) -> list[Q]:
        if not self.tags:
            return []
        tagged = Opportunity.tags.through.objects.filter(opportunity_id=OuterRef("pk"))
        if self.tags_all:
            return [Q(Exists(tagged.filter(tag_id=pk))) for pk in self.tags]
        return [Q(Exists(tagged.filter(_any_of("tag_id", self.tags))))]

    def _date_conditions(self) -> list[Q]:
        conditions = []
        if self.close_from:
            conditions.append(Q(expected_close_on__gte=self.close_from))
        if self.close_to:
            conditions.append(Q(expected_close_on__lte=self.close_to))
        if self.closed_from:
            conditions.append(Q(closed_on__gte=self.closed_from))
        if self.closed_to:
            conditions.append(Q(closed_on__lte=self.closed_to))
        # A range of instants, not created_at__date: that would read every row's date.
        if self.created_from:
            conditions.append(Q(created_at__gte=_start_of(self.created_from)))
        if self.created_to:
            conditions.append(Q(created_at__lt=_start_of(self.created_to + timedelta(days=1))))
        return conditions

    def to_query(self) -> str:
        """The canonical query string (without "?"); empty for the default filter."""
        pairs = [("q", self.text)] if self.text else []
        pairs += [("phase", pk) for pk in self.phases]
        if self.statuses == ALL_STATUSES:
            pairs.append(("status", "all"))
        elif self.statuses != OPEN:
            pairs += [("status", status) for status in self.statuses]
        pairs += [("owner", pk) for pk in self.owners]
        pairs += [("owner", ME)] if self.owner_me else []
        pairs += [("owner", NOBODY)] if self.owner_none else []
        pairs += [("organization", pk) for pk in self.organizations]
        pairs += [("category", pk) for pk in self.categories]
        pairs += [("category", NOBODY)] if self.category_none else []
        pairs += [("tag", pk) for pk in self.tags]
        pairs += [("tags", "all")] if self.tags_all else []
        for key in DATE_KEYS:
            if getattr(self, key):
                pairs.append((key, getattr(self, key).isoformat()))
        pairs += [("overdue", YES)] if self.overdue else []
        for condition in self.fields:
            pairs += condition.query_pairs()
        return urlencode(pairs)


def _any_of(column: str, values, *, or_none: bool = False) -> Q:
    """column is one of the values (an equality for one value, which every planner reads as
    such), or NULL too when `or_none`."""
    if not values:
        return Q(**{f"{column}__isnull": True}) if or_none else Q()
    condition = Q(**{column: values[0]}) if len(values) == 1 else Q(**{f"{column}__in": values})
    return condition | Q(**{f"{column}__isnull": True}) if or_none else condition


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _plain(value) -> str:
    """Dates as ISO, numbers without exponent or trailing zeros (12.5, 100)."""
    if isinstance(value, date):
        return value.isoformat()
    return format(value.normalize(), "f")


def _quoted(value: str) -> str:
    return value if len(value) <= QUOTED_MAX else value[:QUOTED_MAX] + "…"


class _Reader:
    """Reads one query string into an OpportunityFilter, collecting a notice per ignored part.

    Queries only for the keys present, and at most one per kind of id."""

    def __init__(self, query, *, workspace, user):
        self.query = query
        self.workspace = workspace
        self.user = user
        self.notices = []

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def values(self, key: str) -> list[str]:
        """The non-empty values of a key, as single lines."""
        return [text for text in (single_line(v).strip() for v in self.query.getlist(key)) if text]

    def last(self, key: str) -> str:
        values = self.values(key)
        return values[-1] if values else ""

    def read(self) -> OpportunityFilter:
        custom_keys = [key for key in self.query if key.startswith("cf_")]
        for key in self.query:
            if key not in READ_KEYS and key not in PAGE_KEYS and not key.startswith("cf_"):
                self.notice(_("Unknown filter “%(key)s” was ignored.") % {"key": _quoted(key)})
        owners, owner_me, owner_none = self.people("owner")
        categories, category_none = self.ids_or_none(
            "category",
            Category.objects.in_workspace(self.workspace),
            _("Category %(value)s does not exist in this workspace and was ignored."),
        )
        tags = self.ids(
            "tag",
            Tag.objects.in_workspace(self.workspace),
            _("Tag %(value)s does not exist in this workspace and was ignored."),
        )
        values = {
            "text": self.text(),
            "phases": self.ids(
                "phase",
                Phase.objects.in_workspace(self.workspace),
                _("Phase %(value)s does not exist in this workspace and was ignored."),
            ),
            "statuses": self.statuses(),
            "owners": owners,
            "owner_me": owner_me,
            "owner_none": owner_none,
            "organizations": self.ids(
                "organization",
                Organization.objects.in_workspace(self.workspace).alive(),
                _("Organization %(value)s does not exist in this workspace and was ignored."),
            ),
            "categories": categories,
            "category_none": category_none,
            "tags": tags,
            # Without tags there is nothing to combine: "all" alone is the default filter.
            "tags_all": self.tags_all() and bool(tags),
            "close_from": self.date("close_from"),
            "close_to": self.date("close_to"),
            "closed_from": self.date("closed_from"),
            "closed_to": self.date("closed_to"),
            "created_from": self.date("created_from"),
            "created_to": self.date("created_to"),
            "overdue": self.yes("overdue"),
            "fields": self.custom_fields(custom_keys) if custom_keys else (),
        }
        return OpportunityFilter(
            **values, notices=tuple(self.notices), workspace=self.workspace, user=self.user
        )

    def text(self) -> str:
        text = self.last("q")
        if len(text) > TEXT_MAX:
            self.notice(_("The search text was cut to %(count)s characters.") % {"count": TEXT_MAX})
            text = text[:TEXT_MAX].strip()
        return text

    def ids(self, key, queryset, message, values=None) -> tuple[int, ...]:
        """The ids given for `key` that name a row of `queryset`, sorted; a notice for others."""
        given = self.values(key) if values is None else values
        parsed = {text: parse_id(text) for text in given}
        wanted = {pk for pk in parsed.values() if pk is not None}
        found = queryset.filter(pk__in=wanted).order_by().values_list("pk", flat=True)
        found = set(found if wanted else ())
        for text, pk in parsed.items():
            if pk not in found:
                self.notice(message % {"value": _quoted(text)})
        return tuple(sorted(found))

    def ids_or_none(self, key, queryset, message) -> tuple[tuple[int, ...], bool]:
        given = self.values(key)
        ids = self.ids(key, queryset, message, [text for text in given if text != NOBODY])
        return ids, NOBODY in given

    def people(self, key, *, allow_none=True) -> tuple[tuple[int, ...], bool, bool]:
        """Members given by id, whether "me" was given, and whether "none" was."""
        given = self.values(key)
        special = {ME, NOBODY} if allow_none else {ME}
        members = self.ids(
            key,
            get_user_model().objects.filter(
                pk__in=Membership.objects.filter(workspace=self.workspace).values("user_id")
            ),
            _("User %(value)s is not a member of this workspace and was ignored."),
            [text for text in given if text not in special],
        )
        return members, ME in given, allow_none and NOBODY in given

    def statuses(self) -> tuple[str, ...]:
        chosen = set()
        for text in self.values("status"):
            if text in STATUS_ALIASES:
                chosen.update(STATUS_ALIASES[text])
            elif text in ALL_STATUSES:
                chosen.add(text)
            else:
                self.notice(
                    _("Status “%(value)s” does not exist and was ignored.")
                    % {"value": _quoted(text)}
                )
        return tuple(sorted(chosen)) if chosen else OPEN

    def tags_all(self) -> bool:
        text = self.last("tags")
        if text not in ("", "any", "all"):
            self.notice(
                _("“%(value)s” is not a choice for “tags” (any or all) and was ignored.")
                % {"value": _quoted(text)}
            )
        return text == "all"

    def yes(self, key) -> bool:
        text = self.last(key)
        if text not in ("", YES):
            self.notice(
                _("“%(value)s” is not a valid value for “%(key)s” (yes) and was ignored.")
                % {"value": _quoted(text), "key": key}
            )
        return text == YES

    def date(self, key) -> date | None:
        text = self.last(key)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", *formats.get_format("DATE_INPUT_FORMATS")):
            try:
                day = datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
        self.notice(
            _("“%(value)s” is not a valid date for “%(key)s” and was ignored.")
            % {"value": _quoted(text), "key": key}
        )
        return None

    def number(self, key) -> Decimal | None:
        text = self.last(key)
        if not text:
            return None
        plain = text if _PLAIN_NUMBER.fullmatch(text) else normalize_number(text)
        try:
            number = Decimal(plain)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            self.notice(
                _("“%(value)s” is not a valid number for “%(key)s” and was ignored.")
                % {"value": _quoted(text), "key": key}
            )
            return None
        return number.quantize(Decimal("0.0001"))

    def custom_fields(self, keys) -> tuple[FieldCondition, ...]:
        fields = {f.key: f for f in CustomField.objects.in_workspace(self.workspace)}
        chosen = {}  # field key -> the query keys naming it
        for key in keys:
            found = self.field_for(key[3:], fields)
            if found is None:
                self.notice(_("Unknown filter “%(key)s” was ignored.") % {"key": _quoted(key)})
            else:
                chosen.setdefault(found.key, []).append(key)
        options = self.options([fields[key] for key in chosen])
        conditions = []
        for key in sorted(chosen):
            condition = self.field_condition(fields[key], options)
            if condition is not None:
                conditions.append(condition)
        return tuple(conditions)

    @staticmethod
    def field_for(name, fields) -> CustomField | None:
        """The field `cf_<name>` names: a select, checkbox, text or user field by its key, or a
        range field by its key and _min/_max (an exact key wins: fields may be called x_min)."""
        field_ = fields.get(name)
        if field_ is not None and field_.type not in RANGE_TYPES:
            return field_
        base, _sep, end = name.rpartition("_")
        field_ = fields.get(base)
        if end in ("min", "max") and field_ is not None and field_.type in RANGE_TYPES:
            return field_
        return None

    def options(self, fields) -> dict[int, int]:
        """Option id -> field id for the option ids given to the select fields among `fields`."""
        wanted = {
            pk
            for f in fields
            if f.type in SELECT_TYPES
            for pk in (parse_id(text) for text in self.values(f"cf_{f.key}"))
            if pk is not None
        }
        if not wanted:
            return {}
        found = CustomFieldOption.objects.in_workspace(self.workspace).filter(pk__in=wanted)
        return dict(found.values_list("pk", "field_id"))

    def field_condition(self, field_, options) -> FieldCondition | None:
        name = f"cf_{field_.key}"
        common = {"key": field_.key, "type": field_.type, "field_id": field_.pk}
        if field_.type in SELECT_TYPES:
            values = []
            for text in self.values(name):
                pk = parse_id(text)
                if options.get(pk) == field_.pk:
                    values.append(pk)
                else:
                    self.notice(
                        _("Option %(value)s of “%(field)s” does not exist and was ignored.")
                        % {"value": _quoted(text), "field": field_.label}
                    )
            values = tuple(sorted(set(values)))
            return FieldCondition(**common, values=values) if values else None
        if field_.type == FieldType.USER:
            users, me, _none = self.people(name, allow_none=False)
            return FieldCondition(**common, values=users, me=me) if users or me else None
        if field_.type == FieldType.CHECKBOX:
            text = self.last(name)
            if text in (YES, NO):
                return FieldCondition(**common, checked=text == YES)
            if text:
                self.notice(
                    _("“%(value)s” is not a valid value for “%(key)s” (yes or no) and was ignored.")
                    % {"value": _quoted(text), "key": name}
                )
            return None
        if field_.type in TEXT_TYPES:
            text = self.last(name)[:TEXT_MAX].strip()
            return FieldCondition(**common, text=text) if text else None
        read = self.date if field_.type == FieldType.DATE else self.number
        minimum, maximum = read(f"{name}_min"), read(f"{name}_max")
        if minimum is None and maximum is None:
            return None
        return FieldCondition(**common, minimum=minimum, maximum=maximum)
