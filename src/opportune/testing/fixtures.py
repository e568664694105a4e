"""Fixtures shared by the tests of several apps, registered once in the root conftest.py.

The fixed cast: in workspace Acme, Olivia owns, Adam administers, Mia is a member and Vic a viewer;
Oscar is an outsider who belongs only to workspace Globex. Fixtures used by one app alone stay in
that app's tests.
"""

import pytest

from opportune.opportunities import services
from opportune.organizations.services import organization_create
from opportune.pipeline.models import Phase
from opportune.pipeline.services import create_defaults
from opportune.testing import factories
from opportune.workspaces.models import Role


@pytest.fixture
def workspace(db):
    return factories.WorkspaceFactory(name="Acme Sales", slug="acme")


@pytest.fixture
def other_workspace(db):
    return factories.WorkspaceFactory(name="Globex", slug="globex")


def _member(workspace, role, email, name):
    user = factories.UserFactory(email=email, full_name=name)
    factories.MembershipFactory(workspace=workspace, user=user, role=role)
    return user


@pytest.fixture
def owner(workspace):
    return _member(workspace, Role.OWNER, "olivia@acme.example", "Olivia Owner")


@pytest.fixture
def admin(workspace):
    return _member(workspace, Role.ADMIN, "adam@acme.example", "Adam Admin")


@pytest.fixture
def member(workspace):
    return _member(workspace, Role.MEMBER, "mia@acme.example", "Mia Member")


@pytest.fixture
def viewer(workspace):
    return _member(workspace, Role.VIEWER, "vic@acme.example", "Vic Viewer")


@pytest.fixture
def outsider(other_workspace):
    return _member(other_workspace, Role.OWNER, "oscar@globex.example", "Oscar Outsider")


@pytest.fixture
def owner_client(owner, client):
    client.force_login(owner)
    return client


@pytest.fixture
def admin_client(admin, client):
    client.force_login(admin)
    return client


@pytest.fixture
def member_client(member, client):
    client.force_login(member)
    return client


@pytest.fixture
def viewer_client(viewer, client):
    client.force_login(viewer)
    return client


@pytest.fixture
def outsider_client(outsider, client):
    client.force_login(outsider)
    return client


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def phases(workspace):
    """Acme's default phases by name."""
    create_defaults(sender=None, workspace=workspace)
    return {phase.name: phase for phase in Phase.objects.in_workspace(workspace)}


@pytest.fixture
def bionic(workspace, owner):
    """Organization Bionic Systems GmbH (key BION) in workspace Acme."""
    return organization_create(workspace=workspace, actor=owner, name="Bionic Systems GmbH")


@pytest.fixture
def make_opportunity(workspace, member, bionic, phases):
    """Creates an opportunity of Bionic in Acme as Mia Member; keyword arguments override fields."""

    def make(**fields):
        fields.setdefault("name", "CRM rollout")
        fields.setdefault("organization", bionic)
        return services.opportunity_create(workspace=workspace, actor=member, **fields)

    return make


@pytest.fixture
def opportunity(make_opportunity):
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
