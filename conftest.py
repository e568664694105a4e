"""The fixed cast of every test: in workspace Acme, Olivia owns, Adam administers, Mia is a
member and Vic a viewer; Oscar is an outsider who belongs only to workspace Globex."""

import pytest

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
