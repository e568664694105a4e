from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opportune.opportunities import services
from opportune.opportunities.models import History, Opportunity, Status
from opportune.pipeline.models import Phase, PhaseKind


def fields_recorded(opportunity):
    return list(History.objects.filter(opportunity=opportunity).values_list("field", flat=True))


def test_new_opportunity_takes_the_phase_default_probability(make_opportunity, phases):
    opportunity = make_opportunity(phase=phases["Contact made"])
    assert opportunity.probability == 25
    assert opportunity.probability_is_manual is False
    assert opportunity.status == Status.SALES


def test_probability_set_by_hand_survives_phase_moves(make_opportunity, phases, member):
    opportunity = make_opportunity(phase=phases["Research"], probability=60)
    services.opportunity_move_to_phase(
        opportunity=opportunity, actor=member, phase=phases["Reminder"]
    )
    opportunity.refresh_from_db()
    assert opportunity.probability == 60


def test_moving_to_a_phase_updates_the_default_probability(make_opportunity, phases, member):
    opportunity = make_opportunity(phase=phases["Research"])
    services.opportunity_move_to_phase(
        opportunity=opportunity, actor=member, phase=phases["Reminder"]
    )
    opportunity.refresh_from_db()
    assert opportunity.probability == 40


def test_moving_to_won_phase_sets_implementation_status_and_closing_date(
    make_opportunity, phases, member
):
    opportunity = make_opportunity()
    services.opportunity_move_to_phase(opportunity=opportunity, actor=member, phase=phases["Won"])
    opportunity.refresh_from_db()
    assert opportunity.status == Status.IMPLEMENTATION
    assert opportunity.closed_on == timezone.localdate()


def test_moving_to_lost_phase_sets_lost_status(make_opportunity, workspace, member):
    from opportune.pipeline.services import phase_create

    lost = phase_create(
        workspace=workspace, name="Lost", colour="red", default_probability=0, kind=PhaseKind.LOST
    )
    opportunity = make_opportunity()
    services.opportunity_move_to_phase(opportunity=opportunity, actor=member, phase=lost)
    opportunity.refresh_from_db()
    assert opportunity.status == Status.LOST


def test_win_moves_to_the_first_won_phase(make_opportunity, phases, member):
    opportunity = make_opportunity()
    services.opportunity_win(opportunity=opportunity, actor=member)
    opportunity.refresh_from_db()
    assert opportunity.phase == phases["Won"]
    assert opportunity.status == Status.IMPLEMENTATION
    assert opportunity.probability == 100


def test_lose_keeps_the_reason_and_sets_lost(make_opportunity, member):
    opportunity = make_opportunity()
    services.opportunity_lose(opportunity=opportunity, actor=member, reason="Budget cut")
    opportunity.refresh_from_db()
    assert opportunity.status == Status.LOST
    assert opportunity.lost_reason == "Budget cut"
    assert opportunity.closed_on == timezone.localdate()


def test_lost_reason_over_500_characters_is_refused(make_opportunity, member):
    opportunity = make_opportunity()
    with pytest.raises(ValidationError) as error:
        services.opportunity_lose(opportunity=opportunity, actor=member, reason="x" * 501)
    assert "reason" in error.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.status == Status.SALES


def test_reopening_a_won_opportunity_returns_to_sales_and_an_open_phase(
    make_opportunity, phases, member
):
    opportunity = make_opportunity()
    services.opportunity_win(opportunity=opportunity, actor=member)
    services.opportunity_reopen(opportunity=opportunity, actor=member)
    opportunity.refresh_from_db()
    assert opportunity.status == Status.SALES
    assert opportunity.phase.kind == PhaseKind.OPEN
    assert opportunity.closed_on is None


def test_reopening_a_lost_opportunity_clears_the_reason(make_opportunity, member):
    opportunity = make_opportunity()
    services.opportunity_lose(opportunity=opportunity, actor=member, reason="Too pricey")
    services.opportunity_reopen(opportunity=opportunity, actor=member)
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.lost_reason) == (Status.SALES, "")


def test_every_tracked_change_writes_history_with_who_from_and_to(
    make_opportunity, phases, member, admin
):
    opportunity = make_opportunity(phase=phases["Research"])
    services.opportunity_update(
        opportunity=opportunity,
        actor=admin,
        version=opportunity.version,
        changes={"owner": admin, "expected_value": Decimal("5000"), "probability": 33},
    )
    services.opportunity_move_to_phase(
        opportunity=opportunity, actor=admin, phase=phases["Contact made"]
    )
    rows = {row.field: row for row in History.objects.filter(opportunity=opportunity)}
    assert set(rows) == {"created", "owner", "expected_value", "probability", "phase"}
    assert rows["phase"].actor == admin
    assert (rows["phase"].old_label, rows["phase"].new_label) == ("Research", "Contact made")
    assert rows["probability"].old_value == "10" and rows["probability"].new_value == "33"
    assert rows["owner"].new_value == str(admin.pk)
    assert rows["expected_value"].new_value == "5000"


def test_winning_records_phase_status_and_probability(make_opportunity, member):
    opportunity = make_opportunity()
    services.opportunity_win(opportunity=opportunity, actor=member)
    assert sorted(fields_recorded(opportunity)) == [
        "created",
        "phase",
        "probability",
        "status",
    ]


def test_an_edit_without_changes_records_nothing(make_opportunity, member):
    opportunity = make_opportunity()
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={"name": "CRM rollout"}
    )
    opportunity.refresh_from_db()
    assert opportunity.version == 1
    assert fields_recorded(opportunity) == ["created"]


def test_saving_on_an_older_version_is_refused_with_the_current_values(
    make_opportunity, member, admin
):
    opportunity = make_opportunity()
    services.opportunity_update(
        opportunity=opportunity, actor=admin, version=1, changes={"name": "Admin's name"}
    )
    with pytest.raises(services.StaleVersion) as stale:
        services.opportunity_update(
            opportunity=opportunity, actor=member, version=1, changes={"name": "Member's name"}
        )
    assert stale.value.current.name == "Admin's name"
    assert stale.value.current.version == 2
    opportunity.refresh_from_db()
    assert opportunity.name == "Admin's name"


def test_stale_phase_move_is_refused(make_opportunity, phases, member, admin):
    opportunity = make_opportunity()
    services.opportunity_win(opportunity=opportunity, actor=admin, version=1)
    with pytest.raises(services.StaleVersion):
        services.opportunity_move_to_phase(
            opportunity=opportunity, actor=member, phase=phases["Research"], version=1
        )
    opportunity.refresh_from_db()
    assert opportunity.status == Status.IMPLEMENTATION


def test_phase_of_another_workspace_is_refused(make_opportunity, member, other_workspace):
    from opportune.pipeline.services import create_defaults

    create_defaults(sender=None, workspace=other_workspace)
    foreign = Phase.objects.in_workspace(other_workspace).first()
    opportunity = make_opportunity()
    with pytest.raises(ValidationError):
        services.opportunity_move_to_phase(opportunity=opportunity, actor=member, phase=foreign)
    opportunity.refresh_from_db()
    assert opportunity.phase.workspace_id == opportunity.workspace_id


def test_organization_of_another_workspace_is_refused(workspace, other_workspace, member, phases):
    from opportune.organizations.services import organization_create

    foreign = organization_create(workspace=other_workspace, actor=member, name="Globex Corp")
    with pytest.raises(ValidationError) as error:
        services.opportunity_create(
            workspace=workspace, actor=member, organization=foreign, name="Sneaky"
        )
    assert "organization" in error.value.message_dict
    assert not Opportunity.objects.exists()


def test_empty_name_is_refused_and_nothing_is_saved(make_opportunity, bionic):
    with pytest.raises(ValidationError) as error:
        make_opportunity(name="   ")
    assert "name" in error.value.message_dict
    assert not Opportunity.objects.exists()
    bionic.refresh_from_db()
    assert bionic.last_opportunity_number == 0


def test_negative_expected_value_is_refused(make_opportunity):
    with pytest.raises(ValidationError) as error:
        make_opportunity(expected_value=Decimal("-1"))
    assert "expected_value" in error.value.message_dict


def test_weighted_value_is_value_times_probability(make_opportunity, phases):
    opportunity = make_opportunity(phase=phases["Contact made"], expected_value=Decimal("10000"))
    assert services.weighted_value(opportunity) == Decimal("2500.00")


def test_choosing_status_implementation_follows_the_win_rule(make_opportunity, phases, member):
    opportunity = make_opportunity()
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={"status": Status.IMPLEMENTATION}
    )
    opportunity.refresh_from_db()
    assert opportunity.phase == phases["Won"]
    assert opportunity.probability == 100


def test_choosing_status_lost_follows_the_lose_rule(make_opportunity, member):
    opportunity = make_opportunity()
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=1, changes={"status": Status.ON_HOLD}
    )
    services.opportunity_update(
        opportunity=opportunity, actor=member, version=2, changes={"status": Status.LOST}
    )
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.probability) == (Status.LOST, 0)


def test_owner_or_category_of_another_workspace_is_refused(
    make_opportunity, member, outsider, other_workspace
):
    from opportune.pipeline.models import Category

    foreign_category = Category.objects.create(workspace=other_workspace, name="Theirs")
    with pytest.raises(ValidationError) as error:
        make_opportunity(owner=outsider, category=foreign_category)
    assert set(error.value.message_dict) == {"owner", "category"}
    opportunity = make_opportunity()
    with pytest.raises(ValidationError):
        services.opportunity_update(
            opportunity=opportunity, actor=member, version=1, changes={"owner": outsider}
        )
    opportunity.refresh_from_db()
    assert opportunity.owner is None
