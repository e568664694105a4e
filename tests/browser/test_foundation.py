import re

from playwright.sync_api import expect


def test_sign_in_and_out(page, sign_in, member, workspace):
    sign_in(member)
    expect(page).to_have_url(re.compile(f"/w/{workspace.slug}/opportunities/$"))
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Organizations")
    page.locator(".usermenu summary").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/accounts/login/$"))
    page.goto(f"/w/{workspace.slug}/opportunities/")
    expect(page).to_have_url(re.compile("/accounts/login/"))


def test_wrong_password_shows_a_clear_message(page, sign_in, member):
    sign_in(member, password="not the password")
    expect(page.get_by_text("The e-mail address or the password is not correct.")).to_be_visible()
    expect(page).to_have_url(re.compile("/accounts/login/$"))


def test_switching_to_german_shows_german_navigation(page, sign_in, member):
    sign_in(member)
    page.locator(".usermenu summary").click()
    page.get_by_role("link", name="Preferences").click()
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ihre Einstellungen wurden gespeichert.")).to_be_visible()
    page.get_by_role("link", name="Opportune").click()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label in ["Verkaufschancen", "Organisationen", "Kontakte", "Mein Tag", "Berichte"]:
        expect(nav.get_by_role("link", name=label)).to_be_visible()


def test_member_of_one_workspace_gets_404_for_another(page, sign_in, member, other_workspace):
    sign_in(member)
    response = page.goto(f"/w/{other_workspace.slug}/opportunities/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_viewer_cannot_reach_workspace_settings(page, sign_in, viewer, workspace):
    sign_in(viewer)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Settings")).to_have_count(0)
    response = page.goto(f"/w/{workspace.slug}/settings/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
