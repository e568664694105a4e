"""Pages changed with the layers and invitations work, at a phone's width and in German."""

import pytest

from opportune.accounts.models import User
from opportune.organizations.services import organization_create
from opportune.testing.factories import PASSWORD
from opportune.trash.services import organization_trash


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="de-DE"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_members_and_trash_pages_do_not_scroll_sideways_on_a_phone(
    phone, owner, admin, member, viewer, workspace
):
    User.objects.filter(pk=owner.pk).update(language="de")
    for n in range(3):
        organization = organization_create(
            workspace=workspace,
            actor=owner,
            name=f"Sehr lange Organisation Nummer {n} GmbH & Co. KG",
        )
        organization_trash(organization=organization, actor=owner)
    phone.goto("/accounts/login/")
    phone.locator("input[name=username]").fill(owner.email)
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.get_by_role("button", name="Anmelden").click()
    phone.wait_for_load_state()
    for path in ("settings/members/", "trash/"):
        phone.goto(f"/w/{workspace.slug}/{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"
