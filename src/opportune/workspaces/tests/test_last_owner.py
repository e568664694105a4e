"""Two owners demoting or removing each other at the same instant never leave a workspace
without an owner: the check locks the owners it counts (PostgreSQL; SQLite's write lock
serializes)."""

import pytest
from django.core.exceptions import ValidationError

from opportune.testing import factories
from opportune.testing.concurrency import run_at_once
from opportune.workspaces import services
from opportune.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_owners(workspace, owner):
    second = factories.UserFactory(email="otto@acme.example", full_name="Otto Owner")
    factories.MembershipFactory(workspace=workspace, user=second, role=Role.OWNER)
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER)


def _as_loaded_by_each_request(owners):
    """(actor, membership) pairs: each request loaded both before either wrote."""
    first, second = list(owners.all()), list(owners.all())
    return (first[0], first[1]), (second[1], second[0])


def _messages(results) -> list[str]:
    assert all(result is None or isinstance(result, ValidationError) for result in results)
    return [message for result in results if result is not None for message in result.messages]


def test_two_owners_demoting_each_other_at_once_leave_one_owner(workspace, two_owners):
    def demote(actor, membership):
        services.member_change_role(actor=actor, membership=membership, role=Role.ADMIN)

    jobs = [lambda pair=pair: demote(*pair) for pair in _as_loaded_by_each_request(two_owners)]
    results = run_at_once(jobs, rows=Membership.objects.filter(workspace=workspace))
    assert _messages(results) == ["A workspace needs at least one owner."]
    assert Membership.objects.filter(workspace=workspace, role=Role.OWNER).count() == 1


def test_two_owners_removing_each_other_at_once_leave_one_owner(workspace, two_owners):
    def remove(actor, membership):
        services.member_remove(actor=actor, membership=membership)

    jobs = [lambda pair=pair: remove(*pair) for pair in _as_loaded_by_each_request(two_owners)]
    results = run_at_once(jobs, rows=Membership.objects.filter(workspace=workspace))
    assert _messages(results) == ["A workspace needs at least one owner."]
    assert Membership.objects.filter(workspace=workspace, role=Role.OWNER).count() == 1
