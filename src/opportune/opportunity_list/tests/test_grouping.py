"""Grouping the list: labels, counts and sums per group from one grouped query, currencies,
the empty group, paging across a group's boundary, saved views, notices, German and isolation."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from opportune.opportunity_list import paging
from opportune.opportunity_list.models import SavedView
from opportune.pipeline.models import FieldType
from opportune.pipeline.services import create_defaults, custom_field_create

from .test_list_page import URL, get, names


def groups(page: str) -> list[tuple[str, list[str]]]:
    """(the group's header as text, the opportunity names in its table) for each group."""
    found = []
    for header, body in re.findall(
        r'<details class="list-group" open>\s*<summary>(.*?)</summary>(.*?)</details>',
        page,
        flags=re.S,
    ):
        text = " ".join(re.sub(r"<[^>]+>", " ", header).split())
        found.append((text, names(body)))
    return found


def headers(page: str) -> list[str]:
    return [header for header, _rows in groups(page)]


@pytest.fixture
def deals(
    make_opportunity, phases, member, admin, bionic, globex_org, categories, fields, set_status
):
    """Five open deals and a lost one; sums by hand in each test.

    name     phase     owner  organization category     region   value       probability
    Alpha    Research  Mia    Bionic       Onboarding   DACH     10,000 EUR  10 -> 1,000
    Beta     Research  Adam   Globex       -            Nordics   2,000 EUR  50 -> 1,000
    Charlie  Reminder  Mia    Bionic       Maintenance  -         3,000 USD  40 -> 1,200
    Delta    Reminder  -      Globex       Onboarding   DACH      -          40
    Echo     Research  Mia    Bionic       -            DACH      1,000 EUR  25 -> 250 (on hold)
    Lost     Research  Mia    Bionic       Onboarding   DACH     99,999 EUR  90 (lost: not shown)
    """
    region = fields["region"]
    dach, nordics = region.options.get(label="DACH"), region.options.get(label="Nordics")
    research, reminder = phases["Research"], phases["Reminder"]
    onboarding, maintenance = categories["Onboarding"], categories["Maintenance"]

    def make(name, phase, owner, organization, category, option, value, probability, **extra):
        return make_opportunity(
            name=name,
            phase=phase,
            owner=owner,
            organization=organization,
            category=category,
            custom={region: option} if option else None,
            expected_value=Decimal(value) if value else None,
            probability=probability,
            **extra,
        )

    make("Alpha", research, member, bionic, onboarding, dach, "10000", 10)
    make("Beta", research, admin, globex_org, None, nordics, "2000", 50)
    make("Charlie", reminder, member, bionic, maintenance, None, "3000", 40, currency="USD")
    make("Delta", reminder, None, globex_org, onboarding, dach, None, 40)
    set_status(make("Echo", research, member, bionic, None, dach, "1000", 25), "on_hold")
    set_status(make("Lost", research, member, bionic, onboarding, dach, "99999", 90), "lost")


EUR, USD = "€", "US$"


def header(label, count, value, weighted) -> str:
    """A group's header as text: label, count, value sum and weighted sum."""
    noun = "opportunity" if count == 1 else "opportunities"
    return f"{label} {count} {noun} Expected value: {value} Weighted value: {weighted}"


BY_HAND = {
    "phase": [
        (header("Research", 3, f"13,000.00 {EUR}", f"2,250.00 {EUR}"), ["Alpha", "Beta", "Echo"]),
        (header("Reminder", 2, f"3,000.00 {USD}", f"1,200.00 {USD}"), ["Charlie", "Delta"]),
    ],
    "status": [
        (
            header(
                "Sales",
                4,
                f"12,000.00 {EUR} · 3,000.00 {USD}",
                f"2,000.00 {EUR} · 1,200.00 {USD}",
            ),
            ["Alpha", "Beta", "Charlie", "Delta"],
        ),
        (header("On hold", 1, f"1,000.00 {EUR}", f"250.00 {EUR}"), ["Echo"]),
    ],
    "owner": [
        (header("Adam Admin", 1, f"2,000.00 {EUR}", f"1,000.00 {EUR}"), ["Beta"]),
        (
            header(
                "Mia Member",
                3,
                f"11,000.00 {EUR} · 3,000.00 {USD}",
                f"1,250.00 {EUR} · 1,200.00 {USD}",
            ),
            ["Alpha", "Charlie", "Echo"],
        ),
        (header("Nobody", 1, "—", "—"), ["Delta"]),
    ],
    "organization": [
        (
            header(
                "Bionic Systems GmbH",
                3,
                f"11,000.00 {EUR} · 3,000.00 {USD}",
                f"1,250.00 {EUR} · 1,200.00 {USD}",
            ),
            ["Alpha", "Charlie", "Echo"],
        ),
        (
            header("Globex Handel GmbH", 2, f"2,000.00 {EUR}", f"1,000.00 {EUR}"),
            ["Beta", "Delta"],
        ),
    ],
    "category": [
        (header("Onboarding", 2, f"10,000.00 {EUR}", f"1,000.00 {EUR}"), ["Alpha", "Delta"]),
        (header("Maintenance", 1, f"3,000.00 {USD}", f"1,200.00 {USD}"), ["Charlie"]),
        (header("No category", 2, f"3,000.00 {EUR}", f"1,250.00 {EUR}"), ["Beta", "Echo"]),
    ],
    "cf_region": [
        (header("DACH", 3, f"11,000.00 {EUR}", f"1,250.00 {EUR}"), ["Alpha", "Delta", "Echo"]),
        (header("Nordics", 1, f"2,000.00 {EUR}", f"1,000.00 {EUR}"), ["Beta"]),
        (header("Without Region", 1, f"3,000.00 {USD}", f"1,200.00 {USD}"), ["Charlie"]),
    ],
}


@pytest.mark.parametrize("group", BY_HAND)
def test_each_grouping_shows_its_groups_in_order_with_counts_and_sums(member_client, deals, group):
    page = get(member_client, f"?group={group}&sort=name")

    assert groups(page) == BY_HAND[group]
    assert "continued" not in page


def test_the_filter_narrows_the_sums_and_groups_follow_the_chosen_sort(member_client, deals):
    page = get(member_client, "?group=phase&status=all&sort=-name")

    assert groups(page) == [
        (
            header("Research", 4, f"112,999.00 {EUR}", f"92,249.10 {EUR}"),
            ["Lost", "Echo", "Beta", "Alpha"],
        ),
        (header("Reminder", 2, f"3,000.00 {USD}", f"1,200.00 {USD}"), ["Delta", "Charlie"]),
    ]


def test_a_page_repeats_the_header_of_a_group_it_continues(member_client, deals, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    research, reminder = (text for text, _rows in BY_HAND["phase"])

    first, second, third = (
        get(member_client, f"?group=phase&sort=name{page}") for page in ("", "&page=2", "&page=3")
    )

    assert groups(first) == [(research, ["Alpha", "Beta"])]
    assert groups(second) == [
        (research.replace("Research", "Research (continued)"), ["Echo"]),
        (reminder, ["Charlie"]),
    ]
    assert groups(third) == [(reminder.replace("Reminder", "Reminder (continued)"), ["Delta"])]
    assert 'href="?sort=name&group=phase&page=3" rel="next"' in second


def test_the_group_control_offers_each_grouping_and_keeps_the_chosen_one(member_client, fields):
    page = get(member_client, "?group=owner")

    control = re.search(r'<select name="group" id="filter-group">(.*?)</select>', page, re.S)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]+)</option>', control[1])
    assert options == [
        ("", "", "none"),
        ("phase", "", "Phase"),
        ("status", "", "Status"),
        ("owner", " selected", "Responsible"),
        ("organization", "", "Organization"),
        ("category", "", "Category"),
        ("cf_region", "", "Region"),
    ]


def test_the_filter_form_leads_to_the_grouped_address(member_client, deals):
    response = member_client.get(f"{URL}?q=&group=category&sort=name")

    assert response.status_code == 302
    assert response.url == f"{URL}?sort=name&group=category"


def test_choosing_no_grouping_leads_to_the_plain_list(member_client, deals):
    response = member_client.get(f"{URL}?group=&sort=name")

    assert response.url == f"{URL}?sort=name"
    assert groups(get(member_client, "?sort=name")) == []
    assert names(get(member_client, "?sort=name")) == ["Alpha", "Beta", "Charlie", "Delta", "Echo"]


@pytest.mark.parametrize("value", ["password", "cf_products", "cf_employees", "cf_nothing"])
def test_a_value_that_is_not_a_grouping_is_ignored_with_a_notice(member_client, deals, value):
    page = get(member_client, f"?group={value}&sort=name")

    assert f"The list cannot be grouped by “{value}”; it is shown without groups." in page
    assert groups(page) == []
    assert names(page) == ["Alpha", "Beta", "Charlie", "Delta", "Echo"]


def test_a_custom_field_of_another_workspace_neither_groups_nor_leaks(
    member_client, deals, other_workspace, outsider
):
    create_defaults(sender=None, workspace=other_workspace)
    for key, options in (("tier", ["Gold secret"]), ("region", ["Secret region"])):
        custom_field_create(
            workspace=other_workspace,
            label=key.capitalize() + " of Globex",
            key=key,
            type=FieldType.SINGLE_SELECT,
            is_required=False,
            is_shown_in_list=False,
            options=options,
        )

    foreign = get(member_client, "?group=cf_tier")
    own = get(member_client, "?group=cf_region&sort=name")

    assert "The list cannot be grouped by “cf_tier”" in foreign and groups(foreign) == []
    assert [header.split(" ")[0] for header in headers(own)] == ["DACH", "Nordics", "Without"]
    for page in (foreign, own):
        assert "Secret" not in page and "Gold" not in page and "of Globex" not in page


def test_a_saved_view_with_grouping_reopens_grouped(member_client, deals):
    query = "sort=name&group=owner"
    member_client.post(f"{URL}views/", {"name": "By person", "query": query})

    view = SavedView.objects.get(name="By person")
    response = member_client.get(f"{URL}views/{view.pk}/", follow=True)

    assert response.redirect_chain[-1][0] == f"{URL}?{query}"
    page = unescape(response.content.decode())
    assert [header.split(" ")[0] for header in headers(page)] == ["Adam", "Mia", "Nobody"]


def test_german_labels_and_numbers_in_group_sums(member_client, member, deals):
    member.language = "de"
    member.save()

    page = get(member_client, "?group=status&sort=name")
    by_region = get(member_client, "?group=cf_region&sort=name")

    assert headers(page) == [
        "Vertrieb 4 Verkaufschancen Erwarteter Wert: 12.000,00 € · 3.000,00 $ "
        "Gewichteter Wert: 2.000,00 € · 1.200,00 $",
        "Pausiert 1 Verkaufschance Erwarteter Wert: 1.000,00 € Gewichteter Wert: 250,00 €",
    ]
    assert headers(by_region)[-1].startswith("Ohne Region 1 Verkaufschance")
    assert "Gruppieren nach" in page and ">keine</option>" in page
    assert '<option value="owner">Verantwortlich</option>' in page


def test_a_grouped_page_has_the_same_query_count_for_10_and_200_rows(
    member_client,
    member,
    make_opportunity,
    phases,
    fields,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    region = fields["region"]
    dach, nordics = region.options.get(label="DACH"), region.options.get(label="Nordics")

    def make(count):
        for n in range(count):
            make_opportunity(
                name=f"Deal {n}",
                phase=phases["Research"] if n % 2 else phases["Reminder"],
                owner=member if n % 3 else None,
                expected_value=Decimal(n),
                currency="USD" if n % 5 else "EUR",
                custom={region: dach if n % 2 else nordics} if n % 7 else None,
            )

    queries = [f"?group={group}" for group in ("phase", "status", "owner", "cf_region")]
    queries += ["?sort=value&group=organization", "?sort=-close&group=category"]
    make(10)
    member_client.get(URL)  # the first visit also remembers the workspace in the session
    counts = {}
    for query in queries:
        with django_assert_max_num_queries(30) as captured:
            assert member_client.get(URL + query).status_code == 200
        counts[query] = len(captured.captured_queries)
        # The totals of every group on the page come from one grouped query.
        assert sum("GROUP BY" in q["sql"] for q in captured.captured_queries) == 1, query
    make(190)
    for query in queries:
        with django_assert_num_queries(counts[query]):
            page = get(member_client, query)
        assert sum(len(rows) for _header, rows in groups(page)) == 50


def test_outsider_cannot_see_a_grouped_list(outsider_client, deals):
    assert outsider_client.get(f"{URL}?group=phase").status_code == 404


def test_a_viewer_sees_the_grouped_list(viewer, deals):
    client = Client()
    client.force_login(viewer)

    page = get(client, "?group=phase&sort=name")

    assert [header.split(" ")[0] for header in headers(page)] == ["Research", "Reminder"]
