import re

from playwright.sync_api import expect

from opportune.organizations.services import organization_create
from opportune.pipeline.services import create_defaults


def test_create_an_opportunity_with_organization_search(page, sign_in, member, workspace):
    create_defaults(sender=None, workspace=workspace)
    organization_create(workspace=workspace, actor=member, name="Bionic Systems GmbH")
    organization_create(workspace=workspace, actor=member, name="Acme Robotics Ltd")
    sign_in(member)
    page.get_by_role("link", name="+ New opportunity").first.click()
    page.get_by_label("Name").first.fill("Website relaunch")
    page.get_by_label("Search organizations").fill("bion")
    picker = page.locator("#id_organization")
    expect(picker.locator("option", has_text="Acme Robotics")).to_have_count(0)
    picker.select_option(label="Bionic Systems GmbH (BION)")
    page.get_by_label("Expected value").fill("12,500.50")
    page.get_by_label("Expected close date").fill("31/12/2026")
    page.get_by_role("button", name="Create opportunity").click()
    expect(page).to_have_url(re.compile(f"/w/{workspace.slug}/o/BION-1/$"))
    expect(page.get_by_role("heading", name="Website relaunch")).to_be_visible()
    expect(page.get_by_text("12,500.50\u00a0€").first).to_be_visible()
    expect(page.get_by_text("Opportunity BION-1 created.")).to_be_visible()
