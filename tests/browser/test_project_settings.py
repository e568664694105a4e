import re

import pytest
from playwright.sync_api import expect

from opportune.pipeline.models import Phase
from opportune.pipeline.services import create_defaults
from opportune.testing.factories import PASSWORD


@pytest.fixture
def phases(workspace):
    create_defaults(sender=None, workspace=workspace)


def _open_project_settings(page, sign_in, admin, workspace):
    sign_in(admin)
    page.goto(f"/w/{workspace.slug}/settings/project/")
    expect(page.get_by_role("heading", name="Phases")).to_be_visible()


def _shown_phases(page):
    return [name.strip() for name in page.locator("#phase-list td.phase-name").all_inner_texts()]


def _stored_phases(workspace):
    return list(Phase.objects.in_workspace(workspace).values_list("name", flat=True))


def _drag(page, handle, target):
    """Drag like a hand does: press on the handle, move over the rows, release past the middle
    of the target. Sortable animates each swap (150 ms) and ignores moves meanwhile, so the
    pointer pauses on the way."""
    start, end = handle.bounding_box(), target.bounding_box()
    x = start["x"] + start["width"] / 2
    page.mouse.move(x, start["y"] + start["height"] / 2)
    page.mouse.down()
    y_from, y_to = start["y"] + start["height"] / 2, end["y"] + end["height"] * 0.8
    for share in (0.25, 0.5, 0.75, 1):
        page.mouse.move(x, y_from + (y_to - y_from) * share, steps=8)
        page.wait_for_timeout(200)
    page.mouse.up()


def test_admin_reorders_phases_by_dragging_the_handle(page, sign_in, admin, workspace, phases):
    problems = []  # e.g. Content-Security-Policy violations
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    _open_project_settings(page, sign_in, admin, workspace)
    rows = page.locator("#phase-list tr[data-phase-id]")
    with page.expect_response(re.compile(r"/phases/reorder/$")) as answer:
        _drag(page, rows.nth(0).locator(".drag-handle"), rows.nth(2).locator(".drag-handle"))
    assert answer.value.status == 200
    expected = ["Research", "Contact made", "Uncontacted", "Reminder"]
    expect(page.locator("#phase-list td.phase-name").nth(2)).to_have_text("Uncontacted")
    assert _stored_phases(workspace)[:4] == expected
    page.reload()
    assert _shown_phases(page)[:4] == expected
    assert problems == []


def test_admin_reorders_phases_with_the_keyboard(page, sign_in, admin, workspace, phases):
    _open_project_settings(page, sign_in, admin, workspace)
    move_down = page.get_by_role("button", name="Move Research down")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#phase-list td.phase-name").nth(2)).to_have_text("Research")
    # The list was swapped in place and the focus stayed on the same button: press again.
    expect(page.get_by_role("button", name="Move Research down")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#phase-list td.phase-name").nth(3)).to_have_text("Research")
    page.reload()
    assert _shown_phases(page)[:4] == ["Uncontacted", "Contact made", "Reminder", "Research"]


def test_reordering_and_removing_work_without_javascript(
    browser, live_server, admin, workspace, phases
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/w/{workspace.slug}/settings/project/")
    page.get_by_role("button", name="Move Uncontacted down").click()
    expect(page.get_by_text("Phase “Uncontacted” moved.")).to_be_visible()
    assert _shown_phases(page)[:2] == ["Research", "Uncontacted"]
    page.get_by_role("link", name="Remove Reminder").click()
    expect(page.get_by_role("heading", name="Remove phase “Reminder”?")).to_be_visible()
    page.get_by_role("button", name="Remove phase").click()
    expect(page.get_by_text("Phase “Reminder” removed.")).to_be_visible()
    assert "Reminder" not in _stored_phases(workspace)
    context.close()
