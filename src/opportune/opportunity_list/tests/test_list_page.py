import datetime
import re
from html import unescape

import pytest
from django.utils import timezone, translation

from opportune.journal.models import Mood
from opportune.journal.services import entry_post
from opportune.opportunity_list import paging
from opportune.pipeline.models import FieldType
from opportune.pipeline.services import custom_field_create

URL = "/w/acme/opportunities/"


def names(page: str) -> list[str]:
    """The opportunity names in the table, in order."""
    return re.findall(r'<td><a href="/w/acme/o/[^"]+/">([^<]+)</a></td>', page)


def get(client, query="", **headers):
    """The page, after the redirect to the canonical address if there is one."""
    response = client.get(f"{URL}{query}", follow=True, **headers)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 1
    return unescape(response.content.decode())


def test_list_shows_opportunities_with_filters(member_client, make_opportunity, phases):
    make_opportunity(name="Alpha deal", phase=phases["Research"])
    make_opportunity(name="Beta deal", phase=phases["Reminder"])

    assert set(names(get(member_client))) == {"Alpha deal", "Beta deal"}
    assert names(get(member_client, f"?phase={phases['Reminder'].pk}")) == ["Beta deal"]
    assert names(get(member_client, "?q=Alpha")) == ["Alpha deal"]


def test_outsider_gets_404(outsider_client, workspace):
    assert outsider_client.get(URL).status_code == 404


def test_viewer_sees_the_list(viewer_client, make_opportunity):
    make_opportunity(name="Alpha deal")

    assert names(get(viewer_client)) == ["Alpha deal"]


def test_filters_have_labels_instead_of_dashes(
    member_client, member, admin, phases, categories, tags, fields
):
    page = get(member_client)

    assert "---------" not in page
    for label in ["Research", "Won", "Sales", "On hold", "Lost", "Me", "Nobody", "Adam Admin"]:
        assert f"> {label}</label>" in page, label
    for label in ["No category", "Onboarding", "Hot lead", "any of these tags", "DACH"]:
        assert f"{label}</label>" in page, label
    for legend in ["Expected close", "Created", "Employees", "Start", "Key account", "Notes"]:
        assert f"<legend>{legend}</legend>" in page, legend
    assert "Has overdue reminder" in page
    assert 'name="cf_start_min"' in page and 'type="date" name="close_from"' in page


def test_the_default_shows_open_ones_and_says_so(member_client, make_opportunity, set_status):
    set_status(make_opportunity(name="Lost deal"), "lost")
    make_opportunity(name="Open deal")

    page = get(member_client)

    assert names(page) == ["Open deal"]
    assert "Status:</span> open (sales, on hold)" in page
    assert ">Reset<" not in page
    assert names(get(member_client, "?status=all")) == ["Open deal", "Lost deal"]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("?phase=999", "Phase 999 does not exist in this workspace and was ignored."),
        ("?close_after=yesterday", "Unknown filter “close_after” was ignored."),
        (
            "?sort=password",
            "The list cannot be sorted by “password”; it is sorted by creation date.",
        ),
        (
            "?close_from=yesterday",
            "“yesterday” is not a valid date for “close_from” and was ignored.",
        ),
        ("?phase=abc", "Phase abc does not exist in this workspace and was ignored."),
        ("?cf_secret=1", "Unknown filter “cf_secret” was ignored."),
        ("?sort=-", "The list cannot be sorted by “-”; it is sorted by creation date."),
    ],
)
def test_bad_input_shows_a_notice_and_the_list(member_client, make_opportunity, query, notice):
    make_opportunity(name="Alpha deal")

    page = get(member_client, query)

    assert f"<p>{notice}</p>" in page
    assert names(page) == ["Alpha deal"]


def test_a_custom_field_of_another_workspace_is_unknown(
    member_client, make_opportunity, other_workspace
):
    secret = custom_field_create(
        workspace=other_workspace,
        label="Secret",
        key="secret",
        type=FieldType.TEXT,
        is_required=False,
        is_shown_in_list=False,
    )
    make_opportunity(name="Alpha deal")

    page = get(member_client, f"?cf_{secret.key}=x")

    assert "<p>Unknown filter “cf_secret” was ignored.</p>" in page
    assert "Secret" not in page.replace("cf_secret", "")


def test_links_carry_the_canonical_filter(member_client, make_opportunity, phases):
    make_opportunity(name="Alpha deal", phase=phases["Research"])
    research = phases["Research"].pk

    page = get(member_client, f"?phase={research}&phase=999&sort=name")

    assert f'href="?phase={research}&sort=-name"' in page
    assert f'href="?phase={research}&sort=value"' in page
    assert "999" not in "".join(re.findall(r'href="\?[^"]*"', page))


def test_a_submitted_form_leads_to_the_canonical_address(member_client, make_opportunity, phases):
    make_opportunity(name="Alpha deal")
    research = phases["Research"].pk
    submitted = (
        f"?q=&phase={research}&status=sales&status=on_hold&owner=me&tags=any&close_from="
        "&close_to=31.12.2026&sort=name&org_q="
    )

    response = member_client.get(URL + submitted)

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?phase={research}&owner=me&close_to=2026-12-31&sort=name"
    assert member_client.get(response["Location"]).status_code == 200


def test_an_address_with_a_notice_stays_to_show_it(member_client):
    assert member_client.get(URL + "?tags=any&phase=x").status_code == 200


def test_the_filter_form_keeps_the_sort(member_client, make_opportunity):
    make_opportunity(name="Alpha deal")

    assert '<input type="hidden" name="sort" value="-value">' in get(member_client, "?sort=-value")
    assert 'name="sort"' not in get(member_client)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("-name", ["Gamma", "Beta", "Alpha"]),
        ("value", ["Beta", "Gamma", "Alpha"]),
        ("-close", ["Gamma", "Alpha", "Beta"]),
        ("created", ["Alpha", "Beta", "Gamma"]),
    ],
)
def test_sorting_the_open_ones(member_client, make_opportunity, set_status, sort, expected):
    # Sales and on hold: the page is merged from one range per status.
    make_opportunity(name="Alpha", expected_value=300, expected_close_on=datetime.date(2026, 8, 1))
    set_status(
        make_opportunity(
            name="Beta", expected_value=100, expected_close_on=datetime.date(2026, 7, 1)
        ),
        "on_hold",
    )
    make_opportunity(name="Gamma", expected_value=200, expected_close_on=datetime.date(2026, 9, 1))

    assert names(get(member_client, f"?sort={sort}")) == expected


def test_pages_keep_filters_and_sort(member_client, make_opportunity, member, monkeypatch):
    # Configuration: a page of two rows instead of fifty.
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for n in range(5):
        make_opportunity(name=f"Deal {n}", owner=member)
    make_opportunity(name="Someone else's")

    first = get(member_client, "?owner=me&sort=name")
    second = get(member_client, "?owner=me&sort=name&page=2")

    assert names(first) == ["Deal 0", "Deal 1"]
    assert names(second) == ["Deal 2", "Deal 3"]
    assert 'href="?owner=me&sort=name&page=2" rel="next"' in first
    assert 'href="?owner=me&sort=name" rel="prev"' in second
    assert 'href="?owner=me&sort=name&page=3"' in first
    assert "5 opportunities" in first


def test_a_page_beyond_the_end_shows_the_last(member_client, make_opportunity, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for n in range(3):
        make_opportunity(name=f"Deal {n}")

    assert len(names(get(member_client, "?page=99"))) == 1
    assert len(names(get(member_client, "?page=999999999999999999"))) == 1


def test_past_the_cap_the_count_says_so_and_counts_exactly_on_demand(
    member_client, make_opportunity, monkeypatch
):
    # Configuration: stop counting at 3 rather than 10,000.
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for n in range(7):
        make_opportunity(name=f"Deal {n}")

    capped = get(member_client, "?sort=name")
    exact = get(member_client, "?sort=name&count=exact")

    assert "3+ opportunities" in capped
    assert '<a href="?sort=name&count=exact" rel="nofollow">Count exactly</a>' in capped
    assert "7 opportunities" in exact and "Count exactly" not in exact
    assert 'href="?sort=name&count=exact&page=4"' in exact


def test_with_a_capped_count_next_leads_on_while_rows_follow(
    member_client, make_opportunity, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    for n in range(7):
        make_opportunity(name=f"Deal {n}")

    second = get(member_client, "?sort=name&page=2")
    third = get(member_client, "?sort=name&page=3")
    fourth = get(member_client, "?sort=name&page=4")

    # Four rows are known (the cap and one more): two pages, then "Next" while rows follow.
    assert 'href="?sort=name&page=3" rel="next"' in second
    assert names(third) == ["Deal 4", "Deal 5"]
    assert 'href="?sort=name&page=4" rel="next"' in third
    assert names(fourth) == ["Deal 6"]
    assert 'rel="next"' not in fourth


def test_the_count_label_is_formatted_for_the_reader():
    page = paging.ListPage(rows=[], number=1, size=50, count=10_001, is_capped=True, has_next=True)

    assert page.count_label == "10,000+"
    with translation.override("de"):
        assert page.count_label == "10.000+"


def test_german_labels_and_a_german_date(member_client, member, make_opportunity):
    member.language = "de"
    member.save()
    make_opportunity(name="Juli", expected_close_on=datetime.date(2026, 7, 16))
    make_opportunity(name="August", expected_close_on=datetime.date(2026, 8, 16))

    page = get(member_client, "?close_from=01.08.2026")

    assert names(page) == ["August"]
    assert "Verantwortlich" in page and "Weitere Filter" in page and "Hat überfällige" in page
    assert "Voraussichtlicher Abschluss:</span> ab 01.08.2026" in page
    assert 'name="close_from" value="2026-08-01"' in page
    assert "offen (Vertrieb, pausiert)" in page


def test_summary_names_what_is_chosen(
    member_client, member, make_opportunity, phases, tags, fields, globex_org
):
    make_opportunity(name="Alpha deal")
    region = fields["region"]
    dach = region.options.get(label="DACH")
    query = (
        f"?phase={phases['Research'].pk}&owner=me&owner=none&tag={tags['Tender'].pk}&tags=all"
        f"&organization={globex_org.pk}&cf_region={dach.pk}&cf_employees_min=10&overdue=yes"
        "&q=rollout&cf_key_account=no"
    )

    page = get(member_client, query)

    for shown in [
        "Search:</span> “rollout”",
        "Phase:</span> Research",
        "Responsible:</span> Me, Nobody",
        "Organization:</span> Globex Handel GmbH",
        "Tags (all of):</span> Tender",
        "Region:</span> DACH",
        "Employees:</span> from 10",
        "Key account:</span> no",
        "Reminder:</span> overdue",
    ]:
        assert shown in page, shown
    assert '<a href="?" class="button small">Reset</a>' in page
    assert f'<option value="{globex_org.pk}" selected>' in page


def test_overdue_filter_on_the_page(member_client, member, make_opportunity):
    late = make_opportunity(name="Late")
    make_opportunity(name="On time")
    entry_post(
        opportunity=late,
        author=member,
        mood=Mood.NEUTRAL,
        text="Call back",
        reminder_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert names(get(member_client, "?overdue=yes")) == ["Late"]


def test_query_count_stays_the_same_for_10_and_200_rows(
    member_client,
    member,
    make_opportunity,
    phases,
    tags,
    fields,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    region = fields["region"]
    dach = region.options.get(label="DACH")
    research = phases["Research"]

    def make(count):
        for n in range(count):
            make_opportunity(
                name=f"Deal {n}",
                phase=research,
                owner=member,
                tags=[tags["Tender"]],
                custom={region: dach},
            )

    queries = [
        f"?phase={research.pk}&owner=me&tag={tags['Tender'].pk}&cf_region={dach.pk}&sort=close",
        "?sort=-value",
        "?status=all&overdue=yes",
    ]
    make(10)
    member_client.get(URL)  # the first visit also remembers the workspace in the session
    counts = {}
    for query in queries:
        with django_assert_max_num_queries(30) as captured:
            assert member_client.get(URL + query).status_code == 200
        counts[query] = len(captured.captured_queries)
    make(190)
    for query in queries:
        with django_assert_num_queries(counts[query]):
            page = get(member_client, query)
        assert len(names(page)) in (0, 50)


def test_organization_picker_keeps_every_chosen_organization(
    member_client, bionic, globex_org, owner
):
    response = member_client.get(
        f"{URL}organizations/?org_q=zzz&organization={bionic.pk}&organization={globex_org.pk}"
    )
    page = response.content.decode()

    assert f'<option value="{bionic.pk}" selected>' in page
    assert f'<option value="{globex_org.pk}" selected>' in page
