import pytest

from opportune.opportunities import services
from opportune.opportunities.models import Phase
from opportune.opportunities.project import create_defaults
from opportune.opportunities.tests.conftest import bionic, make_opportunity, phases  # noqa: F401
from opportune.organizations.services import organization_create


@pytest.fixture
def opportunity(make_opportunity):  # noqa: F811
    """BION-1, created by Mia Member in workspace Acme."""
    return make_opportunity()


@pytest.fixture
def foreign_opportunity(other_workspace, outsider):
    """An opportunity of workspace Globex, which Acme's people must never reach."""
    create_defaults(sender=None, workspace=other_workspace)
    assert Phase.objects.in_workspace(other_workspace).exists()
    organization = organization_create(workspace=other_workspace, actor=outsider, name="Initech AG")
    return services.opportunity_create(
        workspace=other_workspace, actor=outsider, organization=organization, name="Secret deal"
    )
