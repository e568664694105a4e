import re

from playwright.sync_api import expect


def test_new_organization_gets_its_key_proposed_while_typing(page, sign_in, member, workspace):
    sign_in(member)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Organizations"
    ).click()
    page.get_by_role("link", name="+ New organization").first.click()

    page.get_by_label("Name").press_sequentially("Bionic Systems GmbH")
    expect(page.get_by_label("Key")).to_have_value("BION")
    page.get_by_role("button", name="Create organization").click()

    expect(page).to_have_url(re.compile(rf"/w/{workspace.slug}/organizations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bionic Systems GmbH")
    expect(page.get_by_role("heading", level=1)).to_contain_text("BION")
    expect(page.get_by_text("Organization “Bionic Systems GmbH” created.")).to_be_visible()

    page.get_by_role("link", name="← Organizations").click()
    row = page.get_by_role("row", name=re.compile("Bionic Systems GmbH"))
    expect(row).to_contain_text("BION")
