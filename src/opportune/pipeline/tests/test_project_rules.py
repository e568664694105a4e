import pytest
from django.core.exceptions import ValidationError

from opportune.opportunities.models import Status
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import PhaseKind


def test_a_phase_holding_opportunities_keeps_its_kind(make_opportunity, phases):
    opportunity = make_opportunity(phase=phases["Research"])
    research = phases["Research"]
    with pytest.raises(ValidationError) as error:
        pipeline_services.phase_update(
            phase=research,
            name="Research",
            colour="blue",
            default_probability=10,
            kind=PhaseKind.WON,
        )
    assert "1 opportunities are in this phase" in str(error.value.message_dict["kind"])
    research.refresh_from_db()
    opportunity.refresh_from_db()
    assert (research.kind, opportunity.status) == (PhaseKind.OPEN, Status.SALES)


def test_an_empty_phase_may_change_its_kind(phases):
    phase = pipeline_services.phase_update(
        phase=phases["Implementation"],
        name="Implementation",
        colour="orange",
        default_probability=100,
        kind=PhaseKind.WON,
    )
    assert phase.kind == PhaseKind.WON
