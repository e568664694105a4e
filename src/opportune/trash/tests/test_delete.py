"""Moving an organization to the trash from its page (moved here from organizations)."""

import pytest
from django.urls import reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create
from opportune.opportunities.models import Opportunity
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create


def delete_url(workspace, organization):
    return reverse("organizations:delete", args=[workspace.slug, organization.pk])


@pytest.fixture
def foreign(other_workspace):
    return organization_create(workspace=other_workspace, actor=None, name="Globex Corporation")


def test_member_moves_an_organization_to_the_trash(
    member_client, workspace, member, bionic, opportunity
):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Ebner"
    )

    response = member_client.post(delete_url(workspace, bionic), follow=True)

    assert response.redirect_chain == [(reverse("organizations:list", args=[workspace.slug]), 302)]
    assert (
        "“Bionic Systems GmbH” and its contacts and opportunities were moved to the trash."
        in response.content.decode()
    )
    assert Organization.objects.in_trash().get() == bionic
    assert Contact.objects.in_trash().get() == contact
    assert Opportunity.objects.in_trash().get() == opportunity


def test_delete_needs_post(member_client, workspace, bionic):
    assert member_client.get(delete_url(workspace, bionic)).status_code == 405
    assert Organization.objects.alive().exists()


def test_viewer_cannot_delete_an_organization(viewer_client, workspace, bionic):
    assert viewer_client.post(delete_url(workspace, bionic)).status_code == 403
    assert Organization.objects.alive().exists()


def test_outsider_cannot_delete_an_organization(outsider_client, workspace, bionic):
    assert outsider_client.post(delete_url(workspace, bionic)).status_code == 404
    assert Organization.objects.alive().exists()


def test_deleting_an_organization_of_another_workspace_answers_404(
    member_client, workspace, foreign
):
    assert member_client.post(delete_url(workspace, foreign)).status_code == 404
    assert Organization.objects.alive().get() == foreign


def test_deleting_an_organization_already_in_the_trash_answers_404(
    member_client, workspace, bionic
):
    member_client.post(delete_url(workspace, bionic))
    assert member_client.post(delete_url(workspace, bionic)).status_code == 404
