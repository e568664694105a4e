"""Columns chosen by the user: values, sorts (empties last both ways), the stored choice, the
URL's choice, and the copies on the opportunity that the activity columns sort by."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportune.journal.models import JournalEntry, Mood
from opportune.journal.services import entry_post, reminder_done
from opportune.opportunities.models import Opportunity, Status
from opportune.opportunities.services import opportunity_update
from opportune.opportunity_list.columns import Columns, page_rows
from opportune.opportunity_list.list_settings import chosen_columns
from opportune.opportunity_list.models import ListSettings
from opportune.organizations.services import organization_create, organization_update
from opportune.pipeline.models import FieldType
from opportune.pipeline.services import custom_field_create, phase_move
from opportune.tasks.services import task_add, task_complete

URL = "/w/acme/opportunities/"
COLUMNS_URL = "/w/acme/opportunities/columns/"


def headers(page: str) -> list[str]:
    """The column headings of the table, in order."""
    return re.findall(r"<th[^>]*><a [^>]*>([^<▲▼]+?)(?: [▲▼])?</a></th>", page)


def get(client, query=""):
    response = client.get(f"{URL}{query}", follow=True)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def three(workspace, member, owner, make_opportunity, phases, tags, fields, globex_org, categories):
    """low, high and empty: for every column low sorts before high; empty has no value where
    a column may be empty."""
    region, products = fields["region"], fields["products"]
    dach, nordics = region.options.get(label="DACH"), region.options.get(label="Nordics")
    crm, api = products.options.get(label="CRM"), products.options.get(label="API")
    zeta = organization_create(workspace=workspace, actor=owner, name="Zeta AG")
    low = make_opportunity(
        name="Alpha",
        organization=globex_org,
        phase=phases["Research"],
        owner=member,
        probability=10,
        source="Fair",
        expected_value=Decimal("100"),
        expected_close_on=datetime.date(2026, 1, 1),
        category=categories["Maintenance"],
        tags=[tags["Hot lead"]],
        custom={
            region: dach,
            products: [crm],
            fields["employees"]: Decimal("5"),
            fields["budget"]: Decimal("10"),
            fields["share"]: Decimal("1"),
            fields["start"]: datetime.date(2026, 1, 1),
            fields["key_account"]: True,
            fields["notes"]: "apple",
            fields["summary"]: "apple",
            fields["website"]: "https://a.example",
            fields["champion"]: member,
        },
    )
    high = make_opportunity(
        name="Beta",
        organization=zeta,
        phase=phases["Reminder"],
        owner=owner,
        probability=90,
        source="Web",
        expected_value=Decimal("900"),
        expected_close_on=datetime.date(2026, 6, 1),
        category=categories["Onboarding"],
        tags=[tags["Tender"]],
        custom={
            region: nordics,
            products: [api],
            fields["employees"]: Decimal("50"),
            fields["budget"]: Decimal("100"),
            fields["share"]: Decimal("50"),
            fields["start"]: datetime.date(2026, 6, 1),
            fields["notes"]: "pear",
            fields["summary"]: "pear",
            fields["website"]: "https://b.example",
            fields["champion"]: owner,
        },
    )
    empty = make_opportunity(name="Gamma", organization=zeta, phase=phases["Reminder"])
    task_add(opportunity=high, actor=member, title="Call")
    task_add(opportunity=high, actor=member, title="Write")
    task_add(opportunity=empty, actor=member, title="Call")
    task_add(opportunity=empty, actor=member, title="Write")
    task_add(opportunity=empty, actor=member, title="Visit")
    today = timezone.localdate()
    entry_post(opportunity=low, author=member, mood=Mood.NEUTRAL, text="Met", reminder_on=today)
    entry_post(
        opportunity=high,
        author=member,
        mood=Mood.NEUTRAL,
        text="Met",
        reminder_on=today + datetime.timedelta(days=3),
    )
    return {"low": low, "high": high, "empty": empty}


# Columns whose every opportunity has a value: low, high and empty in their own order.
NEVER_EMPTY = {"short_name", "name", "organization", "status", "phase", "open_tasks"}
NEVER_EMPTY |= {"probability", "created", "last_activity"}


def test_every_column_sorts_both_ways_with_empties_last(workspace, three):
    columns = Columns.of(workspace)
    alive = Opportunity.objects.in_workspace(workspace).alive()
    pk = {opportunity.pk: name for name, opportunity in three.items()}
    # An unticked checkbox stores nothing: it is empty, and last either way.
    for key, column in columns.by_key.items():
        if key == "status":  # all three are in sales
            continue
        up = [
            pk[o]
            for o in alive.order_by(*column.ordering(descending=False)).values_list("pk", flat=True)
        ]
        down = [
            pk[o]
            for o in alive.order_by(*column.ordering(descending=True)).values_list("pk", flat=True)
        ]
        if key in NEVER_EMPTY:
            assert up.index("low") < up.index("high"), key
            assert down.index("high") < down.index("low"), key
        elif key == "cf_key_account":
            assert up[0] == down[0] == "low", key
        else:
            assert up == ["low", "high", "empty"], (key, up)
            assert down == ["high", "low", "empty"], (key, down)


def test_every_column_has_a_plain_value_for_exports(workspace, three, member):
    columns = Columns.of(workspace)
    low = Opportunity.objects.select_related("organization", "phase", "owner", "category").get(
        pk=three["low"].pk
    )
    rows = page_rows([low], list(columns.by_key.values()))
    values = {key: column.value(low, rows) for key, column in columns.by_key.items()}

    assert values["short_name"] == "GLOB-1"
    assert values["organization"] == "Globex Handel GmbH"
    assert values["phase"] == "Research"
    assert values["responsible"] == member.display_name
    assert values["open_tasks"] == Decimal(0)
    assert values["tags"] == "Hot lead"
    assert values["probability"] == Decimal(10)
    assert values["value"] == Decimal("100.00")
    assert values["weighted"] == Decimal("10.00")
    assert values["close"] == datetime.date(2026, 1, 1)
    assert values["next_reminder"] == timezone.localdate()
    assert values["cf_region"] == "DACH"
    assert values["cf_products"] == "CRM"
    assert values["cf_budget"] == Decimal("10")
    assert values["cf_start"] == datetime.date(2026, 1, 1)
    assert values["cf_champion"] == member.display_name
    assert values["category"] == "Maintenance"
    for value in values.values():
        assert value is None or "<" not in str(value)


def test_default_columns_include_custom_fields_shown_in_list(member_client, workspace, three):
    custom_field_create(
        workspace=workspace,
        label="Region code",
        key="region_code",
        type=FieldType.TEXT,
        is_required=False,
        is_shown_in_list=True,
    )

    page = get(member_client)

    assert headers(page) == [
        "Short name",
        "Name",
        "Organization",
        "Phase",
        "Status",
        "Responsible",
        "Expected value",
        "Expected close",
        "Region code",
    ]


def test_chosen_columns_are_remembered_per_user_and_workspace(
    member_client, admin, member, workspace, other_workspace, three
):
    response = member_client.post(
        COLUMNS_URL,
        {
            "order": ["name", "cf_region", "open_tasks", "short_name"],
            "column": ["name", "cf_region", "open_tasks"],
            "list_query": "status=all",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?status=all"
    assert headers(get(member_client)) == ["Name", "Region", "Open tasks"]
    columns = Columns.of(workspace)
    assert chosen_columns(workspace=workspace, user=admin, columns=columns)[0] == "short_name"
    others = Columns.of(other_workspace)
    assert chosen_columns(workspace=other_workspace, user=member, columns=others)[0] == "short_name"
    assert not ListSettings.objects.filter(workspace=other_workspace).exists()


def test_a_column_moves_up_and_reset_brings_back_the_default(member_client, three):
    member_client.post(
        COLUMNS_URL,
        {"order": ["name", "cf_region"], "column": ["name", "cf_region"], "up": "cf_region"},
    )
    assert headers(get(member_client)) == ["Region", "Name"]

    member_client.post(COLUMNS_URL, {"reset": "1"})

    assert headers(get(member_client))[0] == "Short name"


def test_viewer_may_choose_columns_but_not_by_get(viewer_client, three):
    assert viewer_client.get(COLUMNS_URL).status_code == 405
    viewer_client.post(COLUMNS_URL, {"order": ["name"], "column": ["name"]})

    assert headers(get(viewer_client)) == ["Name"]


def test_url_columns_win_over_the_stored_choice(member_client, three):
    member_client.post(COLUMNS_URL, {"order": ["name"], "column": ["name"]})

    page = get(member_client, "?columns=short_name,cf_region,weighted&sort=-cf_region")

    assert headers(page) == ["Short name", "Region", "Weighted value"]
    # Sort links keep the columns, so the table stays the same.
    assert "?columns=short_name%2Ccf_region%2Cweighted&amp;sort=" in page or (
        "columns=short_name%2Ccf_region%2Cweighted&sort=" in page
    )


def test_unknown_and_foreign_columns_are_ignored_with_a_notice(
    member_client, other_workspace, three
):
    custom_field_create(
        workspace=other_workspace,
        label="Secret",
        key="secret",
        type=FieldType.TEXT,
        is_required=False,
        is_shown_in_list=True,
    )

    page = get(member_client, "?columns=name,cf_secret,password")

    assert headers(page) == ["Name"]
    assert "Unknown column “cf_secret” was ignored." in page
    assert "Unknown column “password” was ignored." in page


def test_sort_by_custom_field_in_the_list_and_unknown_sort_noticed(member_client, three):
    up = get(member_client, "?columns=name&sort=cf_employees")
    down = get(member_client, "?columns=name&sort=-cf_employees")

    # In the table's cells: the phone's cards name them too.
    assert re.findall(r">(Alpha|Beta|Gamma)</a></td>", up) == ["Alpha", "Beta", "Gamma"]
    assert re.findall(r">(Alpha|Beta|Gamma)</a></td>", down) == ["Beta", "Alpha", "Gamma"]
    assert "cannot be sorted by “cf_nothing”" in get(member_client, "?sort=cf_nothing")


@pytest.mark.parametrize("key", ["value", "close", "created", "name"])
def test_open_list_merged_from_one_range_per_status_keeps_order_and_empties_last(
    member_client, three, key
):
    # Beta on hold, Alpha and Gamma in sales: the default "open" page is read as the merge of
    # one index range per status, and must still be in order with the empty value last.
    Opportunity.objects.filter(pk=three["high"].pk).update(status=Status.ON_HOLD)
    up = get(member_client, f"?columns=name&sort={key}")
    down = get(member_client, f"?columns=name&sort=-{key}")

    names = r">(Alpha|Beta|Gamma)</a></td>"
    assert re.findall(names, up) == ["Alpha", "Beta", "Gamma"]
    # Gamma has no value and no close date; it was created last and sorts last by name.
    empty_last = key in ("value", "close")
    assert re.findall(names, down) == (
        ["Beta", "Alpha", "Gamma"] if empty_last else ["Gamma", "Beta", "Alpha"]
    )


def test_all_columns_page_has_a_constant_query_count(
    member_client, workspace, make_opportunity, three, fields, tags, django_assert_num_queries
):
    every = "%2C".join(Columns.of(workspace).by_key)  # the canonical address's commas
    query = f"?status=all&columns={every}"
    member_client.get(URL)  # the first visit also remembers the workspace in the session
    with CaptureQueriesContext(connection) as few_rows:
        assert member_client.get(URL + query).status_code == 200
    region = fields["region"]
    for n in range(60):
        make_opportunity(
            name=f"Deal {n}",
            tags=[tags["Tender"]],
            custom={region: region.options.first(), fields["employees"]: Decimal(n)},
        )

    with django_assert_num_queries(len(few_rows.captured_queries)):
        page = get(member_client, query)
    assert page.count('<td><a class="shortname"') == 50


# The copies the activity columns sort by stay true after each service that changes them.


def test_posting_a_journal_entry_sets_last_activity(member, three):
    low = three["low"]
    entry = entry_post(opportunity=low, author=member, mood=Mood.NEUTRAL, text="Called")

    low.refresh_from_db()
    assert low.last_activity_at == entry.created_at


def test_adding_and_completing_tasks_counts_open_tasks(member, three):
    low = three["low"]
    task = task_add(opportunity=low, actor=member, title="Offer")
    low.refresh_from_db()
    assert low.open_task_count == 1

    task_complete(task=task, actor=member)
    low.refresh_from_db()
    assert low.open_task_count == 0


def test_reminder_done_moves_the_next_reminder(member, three):
    low = three["low"]
    later = timezone.localdate() + datetime.timedelta(days=9)
    entry_post(opportunity=low, author=member, mood=Mood.NEUTRAL, text="Later", reminder_on=later)
    first = JournalEntry.objects.filter(opportunity=low).order_by("reminder_on").first()

    reminder_done(entry=first, actor=member)

    low.refresh_from_db()
    assert low.next_reminder_on == later


def test_a_change_recorded_in_history_sets_last_activity(member, three):
    low = three["low"]
    low.refresh_from_db()
    before = low.last_activity_at
    opportunity_update(
        opportunity=low, actor=member, version=low.version, changes={"expected_value": 5}
    )
    low.refresh_from_db()
    assert low.last_activity_at > before


def test_renaming_an_organization_and_reordering_phases_keep_sorting_true(
    owner, workspace, three, phases
):
    globex = three["low"].organization
    organization_update(organization=globex, actor=owner, key="", name="Zzz Corp")
    phase_move(phase=phases["Research"], offset=3)

    low = Opportunity.objects.get(pk=three["low"].pk)
    assert low.organization_sort_name == "Zzz Corp"
    assert (
        low.phase_position
        == phases["Research"].__class__.objects.get(pk=phases["Research"].pk).position
    )
