"""Two admins changing phases at the same instant never leave a workspace without an open
phase: the check locks the open phases it counts (PostgreSQL; SQLite's write lock serializes)."""

import pytest
from django.core.exceptions import ValidationError

from opportune.pipeline import services
from opportune.pipeline.models import Phase, PhaseKind
from opportune.testing.concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_open_phases(workspace):
    """Acme's default phases, of which only Uncontacted and Research stay open."""
    services.create_defaults(sender=None, workspace=workspace)
    phases = Phase.objects.in_workspace(workspace)
    phases.exclude(name__in=["Uncontacted", "Research"]).update(kind=PhaseKind.WON)
    return list(phases.filter(kind=PhaseKind.OPEN))


def _refused(results) -> list[str]:
    assert all(result is None or isinstance(result, ValidationError) for result in results)
    return [message for result in results if result for message in result.messages]


def test_removing_the_last_two_open_phases_at_once_leaves_one(workspace, two_open_phases):
    def remove(phase):
        services.phase_remove(phase=phase, actor=None)

    jobs = [lambda phase=phase: remove(phase) for phase in two_open_phases]
    results = run_at_once(jobs, rows=Phase.objects.in_workspace(workspace))
    assert _refused(results) == ["At least one open phase must remain."]
    assert Phase.objects.in_workspace(workspace).filter(kind=PhaseKind.OPEN).count() == 1


def test_turning_the_last_two_open_phases_won_at_once_leaves_one(workspace, two_open_phases):
    def won(phase):
        services.phase_update(
            phase=phase,
            name=phase.name,
            colour=phase.colour,
            default_probability=100,
            kind=PhaseKind.WON,
        )

    jobs = [lambda phase=phase: won(phase) for phase in two_open_phases]
    results = run_at_once(jobs, rows=Phase.objects.in_workspace(workspace))
    assert _refused(results) == ["At least one open phase must remain."]
    assert Phase.objects.in_workspace(workspace).filter(kind=PhaseKind.OPEN).count() == 1
