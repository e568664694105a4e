import pytest
from django.utils import translation

from opportune.opportunities import services
from opportune.opportunities.models import CustomFieldValue, History, Opportunity, Status
from opportune.organizations.services import organization_create
from opportune.pipeline.services import custom_field_create


def url(workspace, rest=""):
    return f"/w/{workspace.slug}/{rest}"


def create_payload(bionic, phases, member, **extra):
    return {
        "name": "Website relaunch",
        "organization": bionic.pk,
        "phase": phases["Research"].pk,
        "owner": member.pk,
        "probability": "",
        "source": "Trade fair",
        "expected_value": "12,500.50",
        "currency": "EUR",
        "expected_close_on": "31/12/2026",
        "description": "",
        **extra,
    }


def test_member_creates_an_opportunity_with_generated_short_name(
    member_client, workspace, bionic, phases, member
):
    response = member_client.post(
        url(workspace, "opportunities/new/"), create_payload(bionic, phases, member)
    )
    assert response.status_code == 302
    assert response["Location"] == url(workspace, "o/BION-1/")
    opportunity = Opportunity.objects.get()
    assert opportunity.short_name == "BION-1"
    assert str(opportunity.expected_value) == "12500.50"
    assert opportunity.expected_close_on.isoformat() == "2026-12-31"
    assert opportunity.probability == 10


def test_german_input_formats_are_accepted(member_client, member, workspace, bionic, phases):
    member.language = "de"
    member.save()
    payload = create_payload(
        bionic, phases, member, expected_value="12.500,50", expected_close_on="31.12.2026"
    )
    response = member_client.post(url(workspace, "opportunities/new/"), payload)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert str(opportunity.expected_value) == "12500.50"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("expected_close_on", "31/02/2026", "Enter a valid date"),
        ("expected_value", "-5", "greater than or equal to 0"),
        ("probability", "101", "less than or equal to 100"),
        ("phase", "999999", "Choose a phase of this workspace."),
        ("organization", "999999", "Choose an organization of this workspace."),
        ("name", "x" * 10_000_000, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(
    member_client, workspace, bionic, phases, member, field, value, message
):
    payload = create_payload(bionic, phases, member, **{field: value})
    response = member_client.post(url(workspace, "opportunities/new/"), payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()
    bionic.refresh_from_db()
    assert bionic.last_opportunity_number == 0


def test_custom_field_values_are_validated_on_the_form(
    member_client, workspace, bionic, phases, member
):
    custom_field_create(
        workspace=workspace,
        label="Probability estimate",
        key="probability_estimate",
        type="percent",
        is_required=False,
        is_shown_in_list=True,
    )
    payload = create_payload(bionic, phases, member, cf_probability_estimate="150")
    response = member_client.post(url(workspace, "opportunities/new/"), payload)
    assert "Enter a number between 0 and 100." in response.content.decode()
    assert not Opportunity.objects.exists()
    payload["cf_probability_estimate"] = "42.5"
    member_client.post(url(workspace, "opportunities/new/"), payload)
    assert CustomFieldValue.objects.get().number == 42.5


def test_opportunity_opens_by_short_name(member_client, workspace, opportunity):
    response = member_client.get(url(workspace, "o/BION-1/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "CRM rollout" in page and "Bionic Systems GmbH" in page
    assert member_client.get(url(workspace, "o/bion-1/")).status_code == 200


def test_history_is_shown_as_sentences(member_client, workspace, opportunity, phases, member):
    services.opportunity_move_to_phase(
        opportunity=opportunity, actor=member, phase=phases["Research"]
    )
    page = member_client.get(url(workspace, "o/BION-1/")).content.decode()
    assert "Mia Member moved it from Uncontacted to Research" in page


def test_money_and_dates_follow_the_language(member_client, member, workspace, make_opportunity):
    import datetime
    from decimal import Decimal

    make_opportunity(expected_value=Decimal("1234.5"), expected_close_on=datetime.date(2025, 7, 16))
    page = member_client.get(url(workspace, "o/BION-1/")).content.decode()
    assert "1,234.50\xa0€" in page and "16/07/2025" in page
    member.language = "de"
    member.save()
    with translation.override("de"):
        page = member_client.get(url(workspace, "o/BION-1/")).content.decode()
    assert "1.234,50\xa0€" in page and "16.07.2025" in page


def test_edit_saves_and_records_history(member_client, workspace, opportunity, phases, member):
    response = member_client.post(
        url(workspace, "o/BION-1/edit/"),
        {
            "version": 1,
            "name": "CRM rollout phase 2",
            "phase": phases["Contact made"].pk,
            "status": "sales",
            "owner": member.pk,
            "probability": "",
            "currency": "EUR",
            "expected_value": "",
            "expected_close_on": "",
        },
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.name == "CRM rollout phase 2"
    assert opportunity.phase == phases["Contact made"]
    assert opportunity.version == 2
    assert History.objects.filter(opportunity=opportunity, field="phase").exists()


def test_stale_edit_is_refused_and_shows_the_current_values(
    member_client, workspace, opportunity, phases, admin, member
):
    services.opportunity_update(
        opportunity=opportunity, actor=admin, version=1, changes={"name": "Renamed by Adam"}
    )
    response = member_client.post(
        url(workspace, "o/BION-1/edit/"),
        {
            "version": 1,
            "name": "Renamed by Mia",
            "phase": phases["Uncontacted"].pk,
            "status": "sales",
            "owner": member.pk,
            "currency": "EUR",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this opportunity while you were editing it." in page
    assert "Renamed by Adam" in page  # the current value, in the form and the comparison
    assert "Renamed by Mia" in page  # what the editor typed, in the comparison
    assert 'name="version" value="2"' in page
    opportunity.refresh_from_db()
    assert opportunity.name == "Renamed by Adam"


def test_changing_only_the_phase_to_won_is_not_undone_by_the_unchanged_status(
    member_client, workspace, opportunity, phases, member
):
    member_client.post(
        url(workspace, "o/BION-1/edit/"),
        {
            "version": 1,
            "name": "CRM rollout",
            "phase": phases["Won"].pk,
            "status": "sales",
            "owner": member.pk,
            "currency": "EUR",
        },
    )
    opportunity.refresh_from_db()
    assert opportunity.status == Status.IMPLEMENTATION


def test_win_lose_reopen_buttons(member_client, workspace, opportunity):
    member_client.post(url(workspace, "o/BION-1/win/"), {"version": 1})
    opportunity.refresh_from_db()
    assert opportunity.status == Status.IMPLEMENTATION
    member_client.post(url(workspace, "o/BION-1/reopen/"), {"version": opportunity.version})
    opportunity.refresh_from_db()
    assert opportunity.status == Status.SALES
    member_client.post(
        url(workspace, "o/BION-1/lose/"), {"version": opportunity.version, "reason": "Budget"}
    )
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.lost_reason) == (Status.LOST, "Budget")


def test_stale_action_is_refused_with_a_message(member_client, workspace, opportunity, admin):
    services.opportunity_lose(opportunity=opportunity, actor=admin, reason="x")
    response = member_client.post(url(workspace, "o/BION-1/win/"), {"version": 1}, follow=True)
    assert "was changed by someone else meanwhile" in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.status == Status.LOST


def test_move_phase_from_the_page(member_client, workspace, opportunity, phases):
    member_client.post(
        url(workspace, "o/BION-1/phase/"), {"phase": phases["Reminder"].pk, "version": 1}
    )
    opportunity.refresh_from_db()
    assert opportunity.phase == phases["Reminder"]


def test_unknown_phase_id_gets_a_message_not_a_500(member_client, workspace, opportunity):
    response = member_client.post(
        url(workspace, "o/BION-1/phase/"), {"phase": "999999", "version": 1}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a phase of this workspace." in response.content.decode()


def test_delete_moves_to_trash(member_client, workspace, opportunity):
    response = member_client.post(url(workspace, "o/BION-1/delete/"))
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.deleted_at is not None
    assert member_client.get(url(workspace, "o/BION-1/")).status_code == 404


ACTIONS = ["edit/", "phase/", "win/", "lose/", "reopen/", "delete/"]


@pytest.mark.parametrize("action", ACTIONS)
def test_viewer_cannot_change_anything(viewer_client, workspace, opportunity, action):
    response = viewer_client.post(url(workspace, f"o/BION-1/{action}"), {"version": 1})
    assert response.status_code == 403
    opportunity.refresh_from_db()
    assert (opportunity.version, opportunity.deleted_at) == (1, None)


@pytest.mark.parametrize("action", ["phase/", "win/", "lose/", "reopen/", "delete/"])
def test_actions_need_post(member_client, workspace, opportunity, action):
    assert member_client.get(url(workspace, f"o/BION-1/{action}")).status_code == 405


@pytest.mark.parametrize(
    "path",
    ["o/BION-1/", "o/BION-1/edit/", "opportunities/new/"],
)
def test_outsider_gets_404(outsider_client, workspace, opportunity, path):
    assert outsider_client.get(url(workspace, path)).status_code == 404


def test_opportunity_of_another_workspace_answers_404(
    member_client, workspace, other_workspace, outsider
):
    from opportune.pipeline.services import create_defaults

    create_defaults(sender=None, workspace=other_workspace)
    globex = organization_create(workspace=other_workspace, actor=outsider, name="Globex Corp")
    services.opportunity_create(
        workspace=other_workspace, actor=outsider, organization=globex, name="Secret"
    )
    assert member_client.get(url(workspace, "o/GLOB-1/")).status_code == 404
    assert member_client.post(url(workspace, "o/GLOB-1/win/"), {}).status_code == 404


def test_organization_picker_searches_on_the_server(member_client, workspace, bionic, owner):
    organization_create(workspace=workspace, actor=owner, name="Acme Robotics Ltd")
    response = member_client.get(url(workspace, "opportunities/organizations/?org_q=robot"))
    page = response.content.decode()
    assert "Acme Robotics Ltd" in page and "Bionic" not in page


def test_edit_without_a_version_is_refused_with_a_message(
    member_client, workspace, opportunity, phases, member
):
    response = member_client.post(
        url(workspace, "o/BION-1/edit/"),
        {
            "name": "No version",
            "phase": phases["Uncontacted"].pk,
            "status": "sales",
            "owner": member.pk,
            "currency": "EUR",
        },
    )
    assert response.status_code == 200
    assert "This page is out of date. Reload it and try again." in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.name == "CRM rollout"


def test_action_without_a_version_is_refused(member_client, workspace, opportunity):
    response = member_client.post(url(workspace, "o/BION-1/win/"), {}, follow=True)
    assert "This page is out of date." in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.status == Status.SALES
