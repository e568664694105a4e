"""The canonical query string: to_query() read back by from_query() is the same filter."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opportune.opportunity_list.filters import (
    ALL_STATUSES,
    RANGE_TYPES,
    SELECT_TYPES,
    TEXT_TYPES,
    FieldCondition,
    OpportunityFilter,
)
from opportune.pipeline.models import FieldType


def read(query, workspace, user):
    return OpportunityFilter.from_query(QueryDict(query), workspace=workspace, user=user)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=all",
        "q=Website+relaunch&status=lost&status=sales&owner=me&owner=none&overdue=yes",
        "close_from=2026-07-01&close_to=2026-07-31&created_from=2026-01-01",
    ],
)
def test_canonical_queries_read_back_unchanged(workspace, member, query):
    assert read(query, workspace, member).to_query() == query


def test_the_canonical_form_sorts_ids_writes_iso_dates_and_leaves_out_defaults(
    workspace, member, phases
):
    research, reminder = phases["Research"].pk, phases["Reminder"].pk
    query = f"phase={reminder}&phase={research}&phase={research}&status=open&close_to=31/12/2026"

    assert read(query, workspace, member).to_query() == (
        f"phase={min(research, reminder)}&phase={max(research, reminder)}&close_to=2026-12-31"
    )


def test_numbers_are_written_plain(workspace, member, fields):
    chosen = read("cf_budget_min=1,000.50&cf_employees_max=1e2", workspace, member)

    assert chosen.to_query() == "cf_budget_min=1000.5&cf_employees_max=100"


TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
).map(str.strip)
DATES = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9998, 12, 31))
NUMBERS = st.decimals(
    min_value=Decimal("-99999999999999.9999"),
    max_value=Decimal("99999999999999.9999"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


def ids(values):
    return st.sets(st.sampled_from(sorted(values))).map(lambda chosen: tuple(sorted(chosen)))


def condition(field, members):
    """What a query string can ask of `field`, or None."""
    common = {"key": field.key, "type": field.type, "field_id": field.pk}
    if field.type in SELECT_TYPES:
        options = [option.pk for option in field.options.all()]
        values = ids(options).filter(bool)
        return st.builds(
            FieldCondition, **{k: st.just(v) for k, v in common.items()}, values=values
        )
    if field.type == FieldType.USER:
        return st.builds(
            FieldCondition,
            **{k: st.just(v) for k, v in common.items()},
            values=ids(members),
            me=st.booleans(),
        ).filter(lambda c: c.values or c.me)
    if field.type == FieldType.CHECKBOX:
        return st.builds(
            FieldCondition, **{k: st.just(v) for k, v in common.items()}, checked=st.booleans()
        )
    if field.type in TEXT_TYPES:
        return st.builds(
            FieldCondition, **{k: st.just(v) for k, v in common.items()}, text=TEXT.filter(bool)
        )
    assert field.type in RANGE_TYPES
    bound = st.none() | (DATES if field.type == FieldType.DATE else NUMBERS)
    return st.builds(
        FieldCondition, **{k: st.just(v) for k, v in common.items()}, minimum=bound, maximum=bound
    ).filter(lambda c: c.minimum is not None or c.maximum is not None)


@pytest.mark.parametrize("language", ["en", "de"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_filter_reads_back_from_its_query_string(
    data, language, workspace, member, admin, phases, categories, tags, fields, bionic, globex_org
):
    members = [member.pk, admin.pk]
    conditions = []
    for key in sorted(fields):
        chosen = data.draw(st.none() | condition(fields[key], members), label=key)
        if chosen is not None:
            conditions.append(chosen)
    generated = data.draw(
        st.builds(
            OpportunityFilter,
            text=TEXT,
            phases=ids(p.pk for p in phases.values()),
            statuses=st.sets(st.sampled_from(ALL_STATUSES), min_size=1).map(
                lambda chosen: tuple(sorted(chosen))
            ),
            owners=ids(members),
            owner_me=st.booleans(),
            owner_none=st.booleans(),
            organizations=ids([bionic.pk, globex_org.pk]),
            categories=ids(c.pk for c in categories.values()),
            category_none=st.booleans(),
            tags=ids(t.pk for t in tags.values()),
            tags_all=st.booleans(),
            close_from=st.none() | DATES,
            close_to=st.none() | DATES,
            created_from=st.none() | DATES,
            created_to=st.none() | DATES,
            overdue=st.booleans(),
            fields=st.just(tuple(conditions)),
        ).map(lambda f: replace(f, tags_all=f.tags_all and bool(f.tags))),
        label="filter",
    )

    with translation.override(language):
        parsed = read(generated.to_query(), workspace, member)

    assert parsed == generated
    assert parsed.notices == ()
