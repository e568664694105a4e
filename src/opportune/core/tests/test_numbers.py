import pytest

from opportune.core.numbers import LocalizedDecimalField
from opportune.opportunities.models import Opportunity


@pytest.mark.parametrize("typed", ["1.2.3", "../../etc/passwd", "12,5,5", "abc"])
def test_a_number_that_fails_goes_back_as_typed(typed):
    assert LocalizedDecimalField().prepare_value(typed) == typed


def test_an_odd_value_on_the_new_opportunity_form_is_an_error_not_a_crash(
    member_client, workspace, bionic, phases
):
    response = member_client.post(
        f"/w/{workspace.slug}/opportunities/new/",
        {
            "name": "Rollout",
            "organization": bionic.pk,
            "phase": phases["Research"].pk,
            "expected_value": "1.2.3",
        },
    )
    assert response.status_code == 200
    assert "1.2.3" in response.content.decode()
    assert not Opportunity.objects.exists()
