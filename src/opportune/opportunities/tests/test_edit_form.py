"""The full edit form: it changes only what the editor touched, keeps a person who left the
workspace where they are the current value, and asks for custom field choices once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportune.opportunities import custom_values
from opportune.opportunities.models import Opportunity
from opportune.pipeline.models import FieldType
from opportune.pipeline.services import custom_field_create
from opportune.testing import factories
from opportune.workspaces.models import Membership, Role

EDIT = "/w/acme/o/BION-1/edit/"


@pytest.fixture
def former(workspace):
    """Frank, who was a member of Acme and left it."""
    return factories.UserFactory(email="frank@acme.example", full_name="Frank Former")


def _leave(workspace, user):
    Membership.objects.filter(workspace=workspace, user=user).delete()


def _join(workspace, user):
    factories.MembershipFactory(workspace=workspace, user=user, role=Role.MEMBER)


def _unchanged(opportunity, **changes):
    """The edit form's data as the page shows it, with `changes` on top."""
    opportunity.refresh_from_db()
    return {
        "name": opportunity.name,
        "status": opportunity.status,
        "phase": opportunity.phase_id,
        "owner": opportunity.owner_id or "",
        "category": "",
        "probability": "",
        "source": "",
        "expected_value": "",
        "currency": opportunity.currency,
        "expected_close_on": "",
        "description": "",
        "version": opportunity.version,
        **changes,
    }


@pytest.fixture
def owned_by_former(workspace, former, make_opportunity):
    _join(workspace, former)
    opportunity = make_opportunity(owner=former)
    _leave(workspace, former)
    return opportunity


def test_edit_page_offers_the_former_responsible_labelled_as_such(
    member_client, owned_by_former, former
):
    page = member_client.get(EDIT).content.decode()
    assert f'<option value="{former.pk}" selected>Frank Former (no longer a member)</option>' in (
        page
    )


def test_saving_the_form_unchanged_keeps_a_former_member_responsible(
    member_client, owned_by_former, former
):
    response = member_client.post(EDIT, _unchanged(owned_by_former, name="Renamed"))
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert (opportunity.name, opportunity.owner) == ("Renamed", former)


def test_choosing_a_member_instead_of_the_former_one_works(member_client, owned_by_former, member):
    member_client.post(EDIT, _unchanged(owned_by_former, owner=member.pk))
    assert Opportunity.objects.get().owner == member


def test_another_person_who_left_cannot_be_chosen(member_client, workspace, owned_by_former):
    gone = factories.UserFactory(email="gina@acme.example", full_name="Gina Gone")
    response = member_client.post(EDIT, _unchanged(owned_by_former, owner=gone.pk))
    assert response.context["form"].errors["owner"] == ["Choose a member of this workspace."]
    assert Opportunity.objects.get().owner_id != gone.pk


def test_in_place_owner_form_shows_the_former_responsible(member_client, owned_by_former, former):
    response = member_client.get(
        "/w/acme/o/BION-1/properties/owner/", headers={"HX-Request": "true"}
    )
    assert f'value="{former.pk}" selected>Frank Former (no longer a member)' in (
        response.content.decode()
    )


@pytest.fixture
def account_manager(workspace):
    return custom_field_create(
        workspace=workspace,
        label="Account manager",
        key="account_manager",
        type=FieldType.USER,
        is_required=False,
        is_shown_in_list=False,
    )


@pytest.fixture
def managed_by_former(workspace, former, opportunity, account_manager):
    _join(workspace, former)
    custom_values.store(opportunity, {account_manager: former})
    _leave(workspace, former)
    return opportunity


def _account_manager(opportunity, field):
    return custom_values.initial_for(opportunity, [field])["cf_account_manager"]


def test_edit_page_offers_the_former_custom_user_value(member_client, managed_by_former, former):
    page = member_client.get(EDIT).content.decode()
    assert f'<option value="{former.pk}" selected>Frank Former (no longer a member)</option>' in (
        page
    )


def test_saving_the_form_unchanged_keeps_a_former_member_in_a_user_field(
    member_client, managed_by_former, former, account_manager
):
    data = _unchanged(managed_by_former, name="Renamed", cf_account_manager=former.pk)
    response = member_client.post(EDIT, data)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert opportunity.name == "Renamed"
    assert _account_manager(opportunity, account_manager) == former.pk


def test_a_user_field_can_be_changed_from_a_former_member(
    member_client, managed_by_former, member, account_manager
):
    member_client.post(EDIT, _unchanged(managed_by_former, cf_account_manager=member.pk))
    assert _account_manager(Opportunity.objects.get(), account_manager) == member.pk


def _add_select_fields(workspace, count, start=0):
    for n in range(start, start + count):
        custom_field_create(
            workspace=workspace,
            label=f"Select {n}",
            key=f"select_{n}",
            type=FieldType.SINGLE_SELECT if n % 2 else FieldType.MULTI_SELECT,
            is_required=False,
            is_shown_in_list=False,
            options=[f"Option {n}a", f"Option {n}b"],
        )


def test_edit_page_queries_do_not_grow_with_select_fields(
    member_client, workspace, opportunity, django_assert_num_queries
):
    _add_select_fields(workspace, 1)
    member_client.get(EDIT)  # the first visit stores the workspace in the session
    with CaptureQueriesContext(connection) as one:
        member_client.get(EDIT)
    _add_select_fields(workspace, 4, start=1)
    with django_assert_num_queries(len(one.captured_queries)):
        page = member_client.get(EDIT).content.decode()
    assert "Option 4b" in page and "Option 0a" in page
