"""The trash page and restoring from it (moved here from organizations)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create, contact_delete
from opportune.opportunities.models import Opportunity
from opportune.opportunities.services import opportunity_delete
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create
from opportune.trash.services import organization_trash
from opportune.trash.views import TRASH_LIMIT


def trash_url(workspace):
    return reverse("organizations:trash", args=[workspace.slug])


def restore_url(workspace, kind, pk):
    return reverse("organizations:restore", args=[workspace.slug, kind, pk])


@pytest.fixture
def ebner(workspace, member, bionic):
    return contact_create(workspace=workspace, actor=member, organization=bionic, last_name="Ebner")


@pytest.fixture
def stocked(bionic, ebner, opportunity):
    """Bionic with its contact Ebner and its opportunity BION-1."""
    return bionic


@pytest.fixture
def foreign(other_workspace):
    organization = organization_create(workspace=other_workspace, actor=None, name="Globex")
    organization_trash(organization=organization, actor=None)
    return organization


def test_trash_lists_deleted_organizations_contacts_and_opportunities(
    admin_client, workspace, stocked
):
    organization_trash(organization=stocked, actor=None)
    response = admin_client.get(trash_url(workspace))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bionic Systems GmbH" in page and "Ebner" in page and "BION-1" in page
    assert restore_url(workspace, "organizations", stocked.pk) in page


def test_trash_shows_the_newest_first(admin_client, workspace, member, bionic):
    acme = organization_create(workspace=workspace, actor=member, name="Acme Tools")
    organization_trash(organization=bionic, actor=None)
    organization_trash(organization=acme, actor=None)
    sections = admin_client.get(trash_url(workspace)).context["sections"]
    assert [o.name for o in sections["organizations"]] == ["Acme Tools", "Bionic Systems GmbH"]


def test_trash_shows_the_newest_hundred_of_each_kind_and_says_so(admin_client, workspace):
    deleted_at = timezone.now()
    Organization.objects.bulk_create(
        Organization(
            workspace=workspace, name=f"Gone {n:03}", key=f"G{n:03}", deleted_at=deleted_at
        )
        for n in range(TRASH_LIMIT + 1)
    )
    response = admin_client.get(trash_url(workspace))
    assert len(response.context["sections"]["organizations"]) == TRASH_LIMIT
    assert "Showing the 100 most recently deleted of each kind." in response.content.decode()


def test_a_short_trash_says_nothing_about_a_limit(admin_client, workspace, bionic):
    organization_trash(organization=bionic, actor=None)
    page = admin_client.get(trash_url(workspace)).content.decode()
    assert "most recently deleted" not in page


def test_trash_needs_the_same_queries_for_1_or_10_of_each_kind(
    admin_client, workspace, member, make_opportunity, django_assert_max_num_queries
):
    def trash(count):
        for _n in range(count):
            organization = organization_create(workspace=workspace, actor=member, name="Company")
            contact = contact_create(
                workspace=workspace, actor=member, organization=organization, last_name="Huber"
            )
            opportunity = make_opportunity(organization=organization)
            # Deleted on their own first, so each shows under its own heading.
            contact_delete(contact=contact, actor=None)
            opportunity_delete(opportunity=opportunity, actor=None)
            organization_trash(organization=organization, actor=None)

    trash(1)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(trash_url(workspace))
    trash(9)
    with django_assert_max_num_queries(len(few)):
        response = admin_client.get(trash_url(workspace))
    assert [len(rows) for rows in response.context["sections"].values()] == [10, 10, 10]


def test_owner_opens_the_trash(owner_client, workspace):
    response = owner_client.get(trash_url(workspace))
    assert response.status_code == 200
    assert "No deleted organizations." in response.content.decode()


@pytest.mark.parametrize("who", ["member_client", "viewer_client"])
def test_only_admins_open_the_trash(request, workspace, who):
    assert request.getfixturevalue(who).get(trash_url(workspace)).status_code == 403


def test_outsider_cannot_open_the_trash(outsider_client, workspace):
    assert outsider_client.get(trash_url(workspace)).status_code == 404


def test_trash_of_another_workspace_answers_404(admin_client, other_workspace):
    assert admin_client.get(trash_url(other_workspace)).status_code == 404


def test_trash_shows_nothing_of_another_workspace(admin_client, workspace, foreign):
    assert "Globex" not in admin_client.get(trash_url(workspace)).content.decode()


def test_restoring_an_organization_brings_back_its_contacts_and_opportunities(
    admin_client, workspace, stocked
):
    organization_trash(organization=stocked, actor=None)
    response = admin_client.post(restore_url(workspace, "organizations", stocked.pk), follow=True)
    assert response.redirect_chain == [(trash_url(workspace), 302)]
    assert "“Bionic Systems GmbH” was restored." in response.content.decode()
    assert Organization.objects.alive().get() == stocked
    assert Contact.objects.alive().count() == 1
    assert Opportunity.objects.alive().count() == 1


def test_restored_organization_shows_in_the_lists_again(admin_client, workspace, stocked):
    organization_trash(organization=stocked, actor=None)
    admin_client.post(restore_url(workspace, "organizations", stocked.pk))
    organizations = admin_client.get(reverse("organizations:list", args=[workspace.slug]))
    contacts = admin_client.get(reverse("contacts:list", args=[workspace.slug]))
    assert [o.name for o in organizations.context["page_obj"]] == ["Bionic Systems GmbH"]
    assert [c.last_name for c in contacts.context["page_obj"]] == ["Ebner"]


def test_contact_deleted_before_its_organization_stays_in_the_trash(
    admin_client, workspace, member, stocked
):
    earlier = contact_create(
        workspace=workspace, actor=member, organization=stocked, last_name="Huber"
    )
    contact_delete(contact=earlier, actor=None)
    organization_trash(organization=stocked, actor=None)
    admin_client.post(restore_url(workspace, "organizations", stocked.pk))
    assert list(Contact.objects.in_trash()) == [earlier]


def test_restoring_a_contact(admin_client, workspace, ebner):
    contact_delete(contact=ebner, actor=None)
    response = admin_client.post(restore_url(workspace, "contacts", ebner.pk))
    assert response.status_code == 302
    assert Contact.objects.alive().get() == ebner


def test_restoring_an_opportunity(admin_client, workspace, opportunity):
    opportunity_delete(opportunity=opportunity, actor=None)
    admin_client.post(restore_url(workspace, "opportunities", opportunity.pk))
    assert Opportunity.objects.alive().get() == opportunity


@pytest.mark.parametrize(("kind", "model"), [("contacts", Contact), ("opportunities", Opportunity)])
def test_restoring_a_child_of_a_trashed_organization_asks_for_the_organization_first(
    admin_client, workspace, stocked, kind, model
):
    organization_trash(organization=stocked, actor=None)
    item = model.objects.get()
    response = admin_client.post(restore_url(workspace, kind, item.pk), follow=True)
    assert "Restore the organization Bionic Systems GmbH first." in response.content.decode()
    assert not model.objects.alive().exists()


def test_restore_needs_post(admin_client, workspace, bionic):
    organization_trash(organization=bionic, actor=None)
    response = admin_client.get(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 405
    assert not Organization.objects.alive().exists()


@pytest.mark.parametrize("who", ["member_client", "viewer_client"])
def test_restore_needs_an_admin(request, workspace, bionic, who):
    organization_trash(organization=bionic, actor=None)
    response = request.getfixturevalue(who).post(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 403
    assert not Organization.objects.alive().exists()


def test_outsider_cannot_restore(outsider_client, workspace, bionic):
    organization_trash(organization=bionic, actor=None)
    response = outsider_client.post(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 404
    assert not Organization.objects.alive().exists()


def test_restoring_an_organization_of_another_workspace_answers_404(
    admin_client, workspace, foreign
):
    response = admin_client.post(restore_url(workspace, "organizations", foreign.pk))
    assert response.status_code == 404
    assert not Organization.objects.alive().exists()


def test_restoring_an_unknown_kind_answers_404(admin_client, workspace, bionic):
    organization_trash(organization=bionic, actor=None)
    assert admin_client.post(restore_url(workspace, "users", bionic.pk)).status_code == 404


def test_restoring_something_not_in_the_trash_answers_404(admin_client, workspace, bionic):
    response = admin_client.post(restore_url(workspace, "organizations", bionic.pk))
    assert response.status_code == 404
