"""The opportunity list as a sales team uses it: columns, filters, saved views, export, a phone."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from opportune.accounts.models import User
from opportune.opportunities.services import opportunity_create
from opportune.organizations.services import organization_create
from opportune.pipeline.models import FieldType
from opportune.pipeline.services import custom_field_create
from opportune.testing.factories import PASSWORD

LIST = "/w/acme/opportunities/"


@pytest.fixture
def region(workspace):
    return custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=False,
        options=["DACH", "Nordics"],
    )


@pytest.fixture
def deals(workspace, owner, member, bionic, phases, region):
    """Three open opportunities, the newest first in the list's default order."""
    dach, nordics = region.options.get(label="DACH"), region.options.get(label="Nordics")
    fjord = organization_create(workspace=workspace, actor=owner, name="Fjordline Software AS")

    def create(name, organization, phase, owner, value, option):
        return opportunity_create(
            workspace=workspace,
            actor=member,
            organization=organization,
            name=name,
            phase=phases[phase],
            owner=owner,
            expected_value=Decimal(value),
            custom={region: option},
        )

    return [
        create("Website relaunch", bionic, "Research", member, "12500.50", dach),
        create("Security review", fjord, "Research", owner, "7000", nordics),
        create("Data warehouse pilot", bionic, "Reminder", None, "90000", nordics),
    ][::-1]


def names(page):
    """The opportunity names the table shows (the name links, not the short names)."""
    return page.locator("table.table tbody a:not(.shortname)")


def headers(page):
    return page.locator("table.table thead th")


def menu(page, label):
    """A dropdown of the list page, opened by its button."""
    details = page.locator(f"xpath=//details[summary[starts-with(normalize-space(.), '{label}')]]")
    details.locator("> summary").click()
    return details


def test_chosen_and_reordered_columns_stay_after_a_reload(page, sign_in, member, deals):
    sign_in(member)
    page.goto(LIST)
    columns = menu(page, "Columns")
    columns.get_by_role("checkbox", name="Status", exact=True).uncheck()
    columns.get_by_role("checkbox", name="Expected close", exact=True).uncheck()
    columns.get_by_role("checkbox", name="Closing probability", exact=True).check()
    columns.get_by_role("button", name="Move Expected value up").click()
    menu(page, "Columns").get_by_role("button", name="Move Expected value up").click()
    menu(page, "Columns").get_by_role("button", name="Move Closing probability up").click()

    page.reload()

    expect(headers(page)).to_have_text(
        [
            "Short name",
            "Name",
            "Organization",
            "Expected value",
            "Phase",
            "Closing probability",
            "Responsible",
        ]
    )
    expect(page.locator("table.table tbody tr").first.locator("td")).to_have_text(
        [
            "BION-2",
            "Data warehouse pilot",
            "Bionic Systems GmbH",
            "90,000.00\u00a0€",
            "Reminder",
            "40 %",
            "—",
        ]
    )


def test_filter_by_phase_and_custom_field_lives_in_the_url_and_history(
    page, sign_in, member, deals, phases, region
):
    research = phases["Research"].pk
    nordics = region.options.get(label="Nordics").pk
    sign_in(member)
    page.goto(LIST)
    expect(names(page)).to_have_text(
        ["Data warehouse pilot", "Security review", "Website relaunch"]
    )
    # Wide enough for the row of filters: no "Filters" button to open first.
    expect(page.locator("details.filter-panel > summary")).to_be_hidden()

    phase = menu(page, "Phase")
    phase.get_by_label("Research").check()
    phase.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(rf"\?phase={research}$"))
    expect(names(page)).to_have_text(["Security review", "Website relaunch"])

    more = menu(page, "More filters")
    more.get_by_role("group", name="Region").get_by_label("Nordics").check()
    more.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(rf"\?phase={research}&cf_region={nordics}$"))
    expect(names(page)).to_have_text(["Security review"])

    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?phase={research}$"))
    expect(names(page)).to_have_text(["Security review", "Website relaunch"])

    page.go_forward()
    expect(page).to_have_url(re.compile(rf"\?phase={research}&cf_region={nordics}$"))
    expect(names(page)).to_have_text(["Security review"])


def test_a_saved_view_reopens_with_its_filters_and_columns(page, sign_in, member, deals, phases):
    research = phases["Research"].pk
    sign_in(member)
    page.goto(f"{LIST}?phase={research}&columns=name,value")
    views = menu(page, "Views")
    views.get_by_placeholder("Name of the view").fill("Research deals")
    views.get_by_role("button", name="Save view").click()

    page.get_by_role("navigation").get_by_role("link", name="Opportunities").click()
    expect(names(page)).to_have_count(3)
    expect(headers(page)).to_have_count(8)

    menu(page, "Views").get_by_role("link", name="Research deals").click()

    expect(page).to_have_url(re.compile(rf"\?phase={research}&columns=name%2Cvalue$"))
    expect(headers(page)).to_have_text(["Name", "Expected value"])
    expect(names(page)).to_have_text(["Security review", "Website relaunch"])


def test_export_menu_downloads_the_list_as_csv(page, sign_in, member, deals, phases):
    sign_in(member)
    page.goto(f"{LIST}?phase={phases['Research'].pk}&columns=short_name,name,responsible,value")
    export = menu(page, "Export")
    with page.expect_download() as download:
        export.get_by_role("link", name="Export CSV", exact=True).click()

    text = Path(download.value.path()).read_text(encoding="utf-8")

    assert re.fullmatch(
        r"opportunities-acme-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename
    )
    lines = text.splitlines()
    assert lines[0] == "\ufeffShort name,Name,Responsible,Expected value,Currency"
    assert lines[1:] == [
        "FJOR-1,Security review,Olivia Owner,7000.00,EUR",
        "BION-1,Website relaunch,Mia Member,12500.50,EUR",
    ]


def test_grouped_by_responsible_each_group_shows_its_count_and_sum(
    page, sign_in, member, deals, make_opportunity
):
    make_opportunity(name="Support contract", owner=member, expected_value=Decimal("1000"))
    sign_in(member)
    page.goto(LIST)
    page.get_by_label("Group by").select_option(label="Responsible")
    page.get_by_role("button", name="Filter", exact=True).click()

    expect(page).to_have_url(re.compile(r"\?group=owner$"))
    groups = page.locator(".list-group > summary")
    expect(groups).to_have_text(
        [
            re.compile(r"^\s*Mia Member\s+2 opportunities\s+Expected value: 13,500.50\u00a0€"),
            re.compile(r"^\s*Olivia Owner\s+1 opportunity\s+Expected value: 7,000.00\u00a0€"),
            re.compile(r"^\s*Nobody\s+1 opportunity\s+Expected value: 90,000.00\u00a0€"),
        ]
    )
    expect(page.locator(".list-group").first.locator("table.table tbody tr")).to_have_count(2)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="de-DE"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def phone_sign_in(phone, user, language):
    User.objects.filter(pk=user.pk).update(language=language)
    phone.goto("/accounts/login/")
    phone.locator("input[name=username]").fill(user.email)
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form button[type=submit]").click()
    phone.wait_for_load_state()


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_in_german_cards_replace_the_table_and_the_filters_fold(
    phone, member, deals, phases
):
    phone_sign_in(phone, member, "de")
    phone.goto(LIST)

    expect(phone.locator("table.table")).to_be_hidden()
    cards = phone.locator(".opportunity-card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Data warehouse pilot")
    expect(cards.nth(2)).to_contain_text("BION-1")
    expect(cards.nth(2)).to_contain_text("Bionic Systems GmbH")
    expect(cards.nth(2)).to_contain_text("12.500,50 €")
    expect(cards.nth(2)).to_contain_text("Mia Member")
    expect(cards.nth(2).locator(".chip")).to_have_text("Research")
    assert scroll_width(phone) <= 390

    panel = phone.locator("details.filter-panel")
    search = phone.get_by_label("Suche", exact=True)
    expect(search).to_be_hidden()
    panel.locator("> summary").click()
    expect(search).to_be_visible()
    phase = menu(phone, "Phase")
    phase.get_by_label("Research").check()
    assert scroll_width(phone) <= 390
    phase.get_by_role("button", name="Filtern").click()

    expect(phone).to_have_url(re.compile(rf"\?phase={phases['Research'].pk}$"))
    expect(cards).to_have_count(2)
    expect(panel.locator("> summary")).to_have_text(re.compile(r"Filter\s+1"))
    expect(search).to_be_hidden()
    assert scroll_width(phone) <= 390

    cards.first.get_by_role("link", name="Security review").click()
    expect(phone).to_have_url(re.compile(r"/w/acme/o/FJOR-1/$"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_list_does_not_scroll_sideways_on_a_phone(phone, member, deals, workspace, language):
    organization_create(
        workspace=workspace,
        actor=member,
        name="Sehr lange Organisationsbezeichnung Nummer eins GmbH & Co. KG",
    )
    phone_sign_in(phone, member, language)
    for query in ("", "?group=owner"):
        phone.goto(LIST + query)
        expect(phone.locator(".opportunity-card").first).to_be_visible()
        assert scroll_width(phone) <= 390, f"{query or 'the list'}: {scroll_width(phone)} px"
    phone.goto(LIST)
    phone.locator("details.filter-panel > summary").click()
    for details in phone.locator("details.filter-panel details").all():
        details.locator("> summary").click()
    assert scroll_width(phone) <= 390, f"the open filters: {scroll_width(phone)} px"
    for details in phone.locator(".page-head details, .filter-summary details").all():
        details.locator("> summary").click()
        assert scroll_width(phone) <= 390, f"an open menu: {scroll_width(phone)} px"
        details.locator("> summary").click()
