import datetime
import re

import pytest
from playwright.sync_api import expect

from opportune.opportunities import services
from opportune.organizations.services import organization_create
from opportune.pipeline.services import create_defaults


@pytest.fixture
def opportunity(workspace, member):
    create_defaults(sender=None, workspace=workspace)
    bionic = organization_create(
        workspace=workspace, actor=member, name="Bionic Systems GmbH", phone="+49 30 111"
    )
    return services.opportunity_create(
        workspace=workspace, actor=member, organization=bionic, name="CRM rollout"
    )


def test_journal_entry_with_reminder_appears_in_my_day_and_is_completed_there(
    page, sign_in, member, workspace, opportunity
):
    sign_in(member)
    page.goto(f"/w/{workspace.slug}/o/BION-1/")
    page.get_by_text("+ Post journal entry").click()
    page.get_by_label("Happy").check()
    page.get_by_label("Text").fill("Call with Lena: **budget approved**.")
    page.get_by_label("Reminder date").fill(datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Post", exact=True).click()
    journal = page.locator("#journal")
    expect(journal.locator("strong", has_text="budget approved")).to_be_visible()
    expect(journal).to_contain_text("Mia Member left this feedback on")
    expect(page.locator("#my-day-badge .badge")).to_have_text("1")

    page.get_by_role("link", name="My day").click()
    today = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Today")))
    expect(today).to_contain_text("CRM rollout")
    today.get_by_role("button", name="Done").click()
    expect(today.locator("li")).to_have_count(0)
    expect(page.locator("#my-day-badge .badge")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("Nothing due.")).to_be_visible()


def test_member_added_as_new_contact_appears_under_the_organization(
    page, sign_in, member, workspace, opportunity
):
    sign_in(member)
    page.goto(f"/w/{workspace.slug}/o/BION-1/")
    members = page.locator("#members")
    members.get_by_text("+ Add member").click()
    members.get_by_label("First name").fill("Lena")
    members.get_by_label("Last name").fill("Vogel")
    members.get_by_label("Influence").select_option("top")
    members.get_by_label("Attitude").select_option("enthusiastic")
    members.get_by_role("button", name="Add member").click()
    expect(page.locator("#members .member-name")).to_contain_text("Lena Vogel")
    expect(page.locator(".stakeholder-map")).to_contain_text("LV")
    page.goto(f"/w/{workspace.slug}/organizations/{opportunity.organization_id}/")
    expect(page.get_by_text("Lena Vogel")).to_be_visible()


def test_phone_edited_in_the_panel_shows_on_the_organization_page(
    page, sign_in, member, workspace, opportunity
):
    sign_in(member)
    page.goto(f"/w/{workspace.slug}/o/BION-1/")
    panel = page.locator("#organization")
    panel.get_by_role("link", name="Edit").click()
    panel.get_by_label("Phone").fill("+49 30 987654")
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_role("link", name="+49 30 987654")).to_be_visible()
    page.goto(f"/w/{workspace.slug}/organizations/{opportunity.organization_id}/")
    expect(page.get_by_text("+49 30 987654")).to_be_visible()


def test_stale_in_place_edit_is_refused_with_a_message(
    page, sign_in, member, admin, workspace, opportunity
):
    sign_in(member)
    page.goto(f"/w/{workspace.slug}/o/BION-1/")
    page.get_by_role("link", name="Edit Source").click()
    source = page.locator("#property-source form")
    expect(source).to_be_visible()
    # Meanwhile someone else saves the same opportunity.
    services.opportunity_update(
        opportunity=opportunity, actor=admin, version=1, changes={"source": "Trade fair"}
    )
    source.get_by_label("Source").fill("Website")
    source.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Someone else changed this opportunity meanwhile"
    )
    expect(page.locator("#property-source input[name=source]")).to_have_value("Trade fair")
    opportunity.refresh_from_db()
    assert opportunity.source == "Trade fair"


def test_in_place_phase_edit_updates_the_history(page, sign_in, member, workspace, opportunity):
    sign_in(member)
    page.goto(f"/w/{workspace.slug}/o/BION-1/")
    page.get_by_role("link", name="Edit Phase").click()
    form = page.locator("#property-phase form")
    expect(form).to_be_visible()
    form.get_by_label("Phase").select_option(label="Won")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#properties")).to_contain_text("Implementation")
    expect(page.locator("#history")).to_contain_text("moved it from Uncontacted to Won")
