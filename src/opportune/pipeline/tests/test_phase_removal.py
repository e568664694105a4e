"""Removing a phase moves its opportunities set-based, by the same rule as single moves.

`opportunities_move_out_of_phase` (the opportunities app, through the `phase_removing` signal)
must leave every opportunity exactly as `opportunity_move_to_phase` would, with the same history,
in a number of queries that does not grow with the number of opportunities.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportune.opportunities import services
from opportune.opportunities.models import History, Opportunity, Status
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import Phase, PhaseKind

pytestmark = pytest.mark.django_db

STATUSES = [Status.SALES, Status.IMPLEMENTATION, Status.COMPLETED, Status.ON_HOLD, Status.LOST]


@pytest.fixture
def targets(phases, workspace):
    lost = pipeline_services.phase_create(
        workspace=workspace, name="Lost", colour="red", default_probability=0, kind=PhaseKind.LOST
    )
    return {
        PhaseKind.OPEN: phases["Contact made"],
        PhaseKind.WON: phases["Won"],
        PhaseKind.LOST: lost,
    }


def _legacy_phase(workspace, name="Legacy"):
    return pipeline_services.phase_create(
        workspace=workspace, name=name, colour="grey", default_probability=20, kind=PhaseKind.OPEN
    )


def _fill(phase, organization, count, *, first=1, target_probability=25):
    """`count` opportunities in `phase`, cycling through every status and both kinds of
    probability (manual, or following a phase: the old default, the target's, another); some
    trashed. Every ten cover each (status, manual) pair once."""
    opportunities = []
    for i in range(count):
        status, manual = STATUSES[i % 5], (i // 5) % 2 == 1
        number = first + i
        closed = status in (Status.IMPLEMENTATION, Status.COMPLETED, Status.LOST)
        opportunities.append(
            Opportunity(
                workspace_id=phase.workspace_id,
                organization=organization,
                number=number,
                short_name=f"{organization.key}-{number}",
                name=f"Deal {i}",
                phase=phase,
                status=status,
                probability_is_manual=manual,
                probability=(
                    [phase.default_probability, target_probability, 60][i % 3]
                    if not manual
                    else 5 + i % 90
                ),
                closed_on=datetime.date(2025, 7, 16) if closed else None,
                lost_reason="Budget cut" if status == Status.LOST else "",
                deleted_at=timezone.now() if i % 7 == 3 else None,
            )
        )
    return Opportunity.objects.bulk_create(opportunities)


def _state(opportunity):
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    return (
        opportunity.phase_id,
        opportunity.status,
        opportunity.probability,
        opportunity.probability_is_manual,
        opportunity.closed_on,
        opportunity.lost_reason,
        opportunity.version,
        opportunity.deleted_at is None,
    )


def _history(opportunity):
    return list(
        History.objects.filter(opportunity=opportunity)
        .order_by("id")
        .values_list("field", "actor", "old_value", "new_value", "old_label", "new_label")
    )


@pytest.mark.parametrize("kind", [PhaseKind.OPEN, PhaseKind.WON, PhaseKind.LOST])
def test_removing_a_phase_moves_each_opportunity_as_a_single_move_would(
    kind, targets, workspace, admin, bionic
):
    legacy, target = _legacy_phase(workspace), targets[kind]
    moved_one_by_one = _fill(legacy, bionic, 200)
    twins = _fill(legacy, bionic, 200, first=201)
    for opportunity in moved_one_by_one:
        services.opportunity_move_to_phase(opportunity=opportunity, actor=admin, phase=target)

    assert pipeline_services.phase_remove(phase=legacy, actor=admin, move_to=target) == 200

    assert not Phase.objects.filter(pk=legacy.pk).exists()
    for single, twin in zip(moved_one_by_one, twins, strict=True):
        assert _state(twin) == _state(single)
        assert _history(twin) == _history(single)
    assert {_state(twin)[6] for twin in twins} == {2}  # every version went up by one
    assert History.objects.filter(opportunity__in=twins, field="phase").count() == 200
    written_at = set(History.objects.filter(opportunity__in=twins).values_list("created_at"))
    assert len(written_at) == 1
    assert abs(timezone.now() - written_at.pop()[0]) < datetime.timedelta(minutes=1)


def test_removing_a_phase_takes_as_many_queries_for_200_opportunities_as_for_10(
    targets, workspace, admin, bionic, django_assert_num_queries
):
    few, many = _legacy_phase(workspace, "Few"), _legacy_phase(workspace, "Many")
    _fill(few, bionic, 10)
    _fill(many, bionic, 200, first=11)
    target = targets[PhaseKind.OPEN]
    with CaptureQueriesContext(connection) as for_ten:
        assert pipeline_services.phase_remove(phase=few, actor=admin, move_to=target) == 10
    with django_assert_num_queries(len(for_ten)):
        assert pipeline_services.phase_remove(phase=many, actor=admin, move_to=target) == 200
    assert Opportunity.objects.filter(phase=target).count() == 210


def test_an_opportunity_is_not_put_into_a_phase_removed_meanwhile(
    workspace, phases, bionic, member, make_opportunity
):
    stale = _legacy_phase(workspace)
    pipeline_services.phase_remove(phase=stale, actor=member)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.opportunity_create(
            workspace=workspace, actor=member, organization=bionic, name="Late", phase=stale
        )
    assert "removed meanwhile" in str(error.value)
    opportunity = make_opportunity()
    with pytest.raises(ValidationError):
        services.opportunity_move_to_phase(opportunity=opportunity, actor=member, phase=stale)
    assert not Opportunity.objects.filter(phase_id=stale.pk).exists()


def test_removing_a_phase_twice_says_so(workspace, phases, member):
    stale = _legacy_phase(workspace)
    pipeline_services.phase_remove(phase=stale, actor=member)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        pipeline_services.phase_remove(phase=stale, actor=member)
