import pytest

from opportune.opportunities import services
from opportune.opportunities.models import Phase
from opportune.opportunities.project import create_defaults
from opportune.organizations.services import organization_create


@pytest.fixture
def phases(workspace):
    create_defaults(sender=None, workspace=workspace)
    return {phase.name: phase for phase in Phase.objects.in_workspace(workspace)}


@pytest.fixture
def bionic(workspace, owner):
    return organization_create(workspace=workspace, actor=owner, name="Bionic Systems GmbH")


@pytest.fixture
def make_opportunity(workspace, member, bionic, phases):
    def make(**fields):
        fields.setdefault("name", "CRM rollout")
        fields.setdefault("organization", bionic)
        return services.opportunity_create(workspace=workspace, actor=member, **fields)

    return make
