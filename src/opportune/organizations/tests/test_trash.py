import pytest
from django.urls import reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create, contact_delete
from opportune.opportunities.models import Opportunity
from opportune.opportunities.project import create_defaults
from opportune.opportunities.services import opportunity_create, opportunity_delete
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create, organization_delete


def trash_url(workspace):
    return reverse("organizations:trash", args=[workspace.slug])


def restore_url(workspace, kind, pk):
    return reverse("organizations:restore", args=[workspace.slug, kind, pk])


@pytest.fixture
def bionic(workspace, member):
    create_defaults(sender=None, workspace=workspace)
    organization = organization_create(
        workspace=workspace, actor=member, name="Bionic Systems GmbH"
    )
    contact_create(workspace=workspace, actor=member, organization=organization, last_name="Ebner")
    opportunity_create(workspace=workspace, actor=member, organization=organization, name="Portal")
    return organization


@pytest.fixture
def foreign(other_workspace):
    organization = organization_create(workspace=other_workspace, actor=None, name="Globex")
    organization_delete(organization=organization, actor=None)
    return organization


def test_trash_lists_deleted_organizations_contacts_and_opportunities(
    admin_client, workspace, bionic
):
    organization_delete(organization=bionic, actor=None)
    response = admin_client.get(trash_url(workspace))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bionic Systems GmbH" in page and "Ebner" in page and "BION-1" in page
    assert restore_url(workspace, "organizations", bionic.pk) in page


def test_trash_shows_the_newest_first(admin_client, workspace, member, bionic):
    acme = organization_create(workspace=workspace, actor=member, name="Acme Tools")
    organization_delete(organization=bionic, actor=None)
    organization_delete(organization=acme, actor=None)
    sections = admin_client.get(trash_url(workspace)).context["sections"]
    assert [o.name for o in sections["organizations"]] == ["Acme Tools", "Bionic Systems GmbH"]


def test_owner_opens_the_trash(owner_client, workspace):
    response = owner_client.get(trash_url(workspace))
    assert response.status_code == 200
    assert "No deleted organizations." in response.content.decode()


def test_member_cannot_open_the_trash(member_client, workspace):
    assert member_client.get(trash_url(workspace)).status_code == 403


def test_trash_of_another_workspace_answers_404(admin_client, other_workspace):
    assert admin_client.get(trash_url(other_workspace)).status_code == 404


def test_trash_shows_nothing_of_another_workspace(admin_client, workspace, foreign):
    assert "Globex" not in admin_client.get(trash_url(workspace)).content.decode()


def test_restoring_an_organization_brings_back_its_contacts_and_opportunities(
    admin_client, workspace, bionic
):
    organization_delete(organization=bionic, actor=None)
    response = admin_client.post(restore_url(workspace, "organizations", bionic.pk), follow=True)
    assert response.redirect_chain == [(trash_url(workspace), 302)]
    assert "“Bionic Systems GmbH” was restored." in response.content.decode()
    assert Organization.objects.alive().get() == bionic
    assert Contact.objects.alive().count() == 1
    assert Opportunity.objects.alive().count() == 1


def test_restored_organization_shows_in_the_lists_again(admin_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    admin_client.post(restore_url(workspace, "organizations", bionic.pk))
    organizations = admin_client.get(reverse("organizations:list", args=[workspace.slug]))
    contacts = admin_client.get(reverse("contacts:list", args=[workspace.slug]))
    assert [o.name for o in organizations.context["page_obj"]] == ["Bionic Systems GmbH"]
    assert [c.last_name for c in contacts.context["page_obj"]] == ["Ebner"]


def test_contact_deleted_before_its_organization_stays_in_the_trash(
    admin_client, workspace, member, bionic
):
    earlier = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Huber"
    )
    contact_delete(contact=earlier, actor=None)
    organization_delete(organization=bionic, actor=None)
    admin_client.post(restore_url(workspace, "organizations", bionic.pk))
    assert list(Contact.objects.in_trash()) == [earlier]


def test_restoring_a_contact(admin_client, workspace, bionic):
    contact = Contact.objects.get()
    contact_delete(contact=contact, actor=None)
    response = admin_client.post(restore_url(workspace, "contacts", contact.pk))
    assert response.status_code == 302
    assert Contact.objects.alive().get() == contact


def test_restoring_an_opportunity(admin_client, workspace, bionic):
    opportunity = Opportunity.objects.get()
    opportunity_delete(opportunity=opportunity, actor=None)
    admin_client.post(restore_url(workspace, "opportunities", opportunity.pk))
    assert Opportunity.objects.alive().get() == opportunity


@pytest.mark.parametrize(("kind", "model"), [("contacts", Contact), ("opportunities", Opportunity)])
def test_restoring_a_child_of_a_trashed_organization_asks_for_the_organization_first(
    admin_client, workspace, bionic, kind, model
):
    organization_delete(organization=bionic, actor=None)
    item = model.objects.get()
    response = admin_client.post(restore_url(workspace, kind, item.pk), follow=True)
    assert "Restore the organization Bionic Systems GmbH first." in response.content.decode()
    assert not model.objects.alive().exists()


def test_restore_needs_post(admin_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    response = admin_client.get(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 405
    assert not Organization.objects.alive().exists()


@pytest.mark.parametrize("who", ["member_client", "viewer_client"])
def test_restore_needs_an_admin(request, workspace, bionic, who):
    organization_delete(organization=bionic, actor=None)
    response = request.getfixturevalue(who).post(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 403
    assert not Organization.objects.alive().exists()


def test_restoring_an_organization_of_another_workspace_answers_404(
    admin_client, workspace, foreign
):
    response = admin_client.post(restore_url(workspace, "organizations", foreign.pk))
    assert response.status_code == 404
    assert not Organization.objects.alive().exists()


def test_restoring_an_unknown_kind_answers_404(admin_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    assert admin_client.post(restore_url(workspace, "users", bionic.pk)).status_code == 404


def test_restoring_something_not_in_the_trash_answers_404(admin_client, workspace, bionic):
    response = admin_client.post(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 404
