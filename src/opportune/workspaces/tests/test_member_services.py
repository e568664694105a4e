"""The membership and invitation services check the actor themselves: called directly (API,
commands), they refuse anyone but an admin or owner of the workspace being changed."""

import pytest
from django.core.exceptions import PermissionDenied

from opportune.workspaces import services
from opportune.workspaces.models import Invitation, Membership, Role


@pytest.fixture
def mia(workspace, member):
    """Mia's membership of Acme."""
    return Membership.objects.get(workspace=workspace, user=member)


@pytest.fixture
def globex_owner(outsider):
    return outsider.memberships.get()


@pytest.fixture
def pending(admin):
    services.invitation_create(
        actor=admin.memberships.get(), email="new.person@example.com", role=Role.MEMBER
    )
    return Invitation.objects.get()


def test_another_workspaces_owner_cannot_change_a_role(globex_owner, mia):
    with pytest.raises(PermissionDenied):
        services.member_change_role(actor=globex_owner, membership=mia, role=Role.OWNER)
    mia.refresh_from_db()
    assert mia.role == Role.MEMBER


def test_another_workspaces_owner_cannot_remove_a_member(globex_owner, mia):
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=globex_owner, membership=mia)
    assert Membership.objects.filter(pk=mia.pk).exists()


def test_another_workspaces_owner_cannot_revoke_an_invitation(globex_owner, pending):
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=globex_owner, invitation=pending)
    assert Invitation.objects.valid().get() == pending


def test_a_member_cannot_change_roles_remove_revoke_or_invite(workspace, mia, viewer, pending):
    vic = Membership.objects.get(workspace=workspace, user=viewer)
    with pytest.raises(PermissionDenied):
        services.member_change_role(actor=mia, membership=vic, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=mia, membership=vic)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=mia, invitation=pending)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=mia, email="friend@example.com", role=Role.MEMBER)
    vic.refresh_from_db()
    assert vic.role == Role.VIEWER
    assert list(Invitation.objects.valid()) == [pending]


def test_an_admin_changes_removes_and_revokes_in_their_own_workspace(admin, mia, pending):
    actor = admin.memberships.get()
    services.member_change_role(actor=actor, membership=mia, role=Role.VIEWER)
    assert Membership.objects.get(pk=mia.pk).role == Role.VIEWER
    services.invitation_revoke(actor=actor, invitation=pending)
    assert not Invitation.objects.valid().exists()
    services.member_remove(actor=actor, membership=mia)
    assert not Membership.objects.filter(pk=mia.pk).exists()
