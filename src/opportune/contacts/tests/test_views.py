import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create, contact_delete
from opportune.organizations.services import organization_create, organization_delete
from opportune.trash.services import organization_trash


def url(name, workspace, *args):
    return reverse(f"contacts:{name}", args=[workspace.slug, *args])


def organization_url(workspace, organization):
    return reverse("organizations:detail", args=[workspace.slug, organization.pk])


@pytest.fixture
def bionic(workspace):
    return organization_create(workspace=workspace, actor=None, name="Bionic Systems GmbH")


@pytest.fixture
def ebner(workspace, bionic):
    return contact_create(
        workspace=workspace,
        actor=None,
        organization=bionic,
        degree="Dr.",
        first_name="Lukas",
        last_name="Ebner",
        email="lukas.ebner@bionic.example",
        influence="top",
    )


@pytest.fixture
def foreign_contact(other_workspace):
    globex = organization_create(workspace=other_workspace, actor=None, name="Globex")
    return contact_create(
        workspace=other_workspace, actor=None, organization=globex, last_name="Secret"
    )


VALID = {
    "degree": "Dr.",
    "first_name": "Lukas",
    "last_name": "Ebner",
    "department": "IT",
    "position": "CIO",
    "email": "lukas.ebner@bionic.example",
    "phone": "+43 732 1234 12",
    "mailing_address": "Hauptstraße 1\n4020 Linz",
    "influence": "high",
    "personality": "conscientious",
}


# List


def test_list_shows_the_contacts_with_their_organization(member_client, workspace, ebner, bionic):
    response = member_client.get(url("list", workspace))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dr. Lukas Ebner" in page
    assert organization_url(workspace, bionic) in page
    assert "mailto:lukas.ebner@bionic.example" in page
    assert "Top decision maker" in page


def test_list_searches_names_email_and_organization(member_client, workspace, ebner, bionic):
    contact_create(workspace=workspace, actor=None, organization=bionic, last_name="Huber")

    def names(q):
        response = member_client.get(url("list", workspace), {"q": q})
        return [c.last_name for c in response.context["page_obj"]]

    assert names("lukas") == ["Ebner"]
    assert names("huber") == ["Huber"]
    assert names("bionic.example") == ["Ebner"]
    assert names("Bionic") == ["Ebner", "Huber"]


def test_list_shows_fifty_per_page(member_client, workspace, bionic):
    Contact.objects.bulk_create(
        Contact(workspace=workspace, organization=bionic, last_name=f"Person {n:03}")
        for n in range(51)
    )
    second = member_client.get(url("list", workspace), {"page": 2})
    assert len(member_client.get(url("list", workspace)).context["page_obj"]) == 50
    assert [c.last_name for c in second.context["page_obj"]] == ["Person 050"]


def test_list_needs_the_same_queries_for_10_or_60_rows(member_client, workspace):
    def add(count):
        for n in range(count):
            organization = organization_create(workspace=workspace, actor=None, name=f"Org {n}")
            contact_create(
                workspace=workspace, actor=None, organization=organization, last_name="X"
            )

    add(10)
    member_client.get(url("list", workspace))  # the first visit also writes the session
    with CaptureQueriesContext(connection) as few:
        member_client.get(url("list", workspace))
    add(50)
    with CaptureQueriesContext(connection) as many:
        response = member_client.get(url("list", workspace))
    assert len(many) == len(few)
    assert len(response.context["page_obj"]) == 50


def test_list_hides_trashed_contacts(member_client, workspace, ebner, bionic):
    contact_delete(contact=ebner, actor=None)
    assert list(member_client.get(url("list", workspace)).context["page_obj"]) == []


def test_list_hides_the_contacts_of_a_trashed_organization(member_client, workspace, ebner, bionic):
    organization_trash(organization=bionic, actor=None)
    assert list(member_client.get(url("list", workspace)).context["page_obj"]) == []


def test_list_answers_htmx_with_the_results_only(member_client, workspace, ebner):
    response = member_client.get(
        url("list", workspace), {"q": "ebner"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results">') and "Ebner" in page


def test_empty_list_says_where_contacts_come_from(viewer_client, workspace):
    page = viewer_client.get(url("list", workspace)).content.decode()
    assert "No contacts yet." in page


def test_list_of_another_workspace_answers_404(member_client, other_workspace):
    assert member_client.get(url("list", other_workspace)).status_code == 404


def test_list_shows_nothing_of_another_workspace(member_client, workspace, foreign_contact):
    assert "Secret" not in member_client.get(url("list", workspace)).content.decode()


# Create


def test_member_adds_a_contact_to_an_organization(member_client, workspace, bionic):
    response = member_client.post(url("new", workspace, bionic.pk), VALID, follow=True)
    contact = Contact.objects.get()
    assert response.redirect_chain == [(organization_url(workspace, bionic), 302)]
    assert "Contact Dr. Lukas Ebner added." in response.content.decode()
    assert contact.organization == bionic and contact.workspace == workspace
    assert (contact.position, contact.influence, contact.personality) == (
        "CIO",
        "high",
        "conscientious",
    )


def test_new_contact_form_names_the_organization(member_client, workspace, bionic):
    page = member_client.get(url("new", workspace, bionic.pk)).content.decode()
    assert "New contact at Bionic Systems GmbH" in page


def test_contact_without_last_name_is_refused_at_the_field(member_client, workspace, bionic):
    response = member_client.post(url("new", workspace, bionic.pk), {**VALID, "last_name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["last_name"] == ["This field is required."]
    assert not Contact.objects.exists()


def test_contact_with_invalid_email_is_refused_at_the_field(member_client, workspace, bionic):
    response = member_client.post(url("new", workspace, bionic.pk), {**VALID, "email": "lukas@"})
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert not Contact.objects.exists()


def test_contact_with_unknown_influence_is_refused_at_the_field(member_client, workspace, bionic):
    response = member_client.post(url("new", workspace, bionic.pk), {**VALID, "influence": "god"})
    assert "influence" in response.context["form"].errors
    assert not Contact.objects.exists()


def test_very_long_mailing_address_is_refused_at_the_field(member_client, workspace, bionic):
    data = {**VALID, "mailing_address": "x" * 100_000}
    response = member_client.post(url("new", workspace, bionic.pk), data)
    assert response.context["form"].errors["mailing_address"] == [
        "Ensure this value has at most 500 characters (it has 100000)."
    ]
    assert not Contact.objects.exists()


def test_viewer_cannot_add_a_contact(viewer_client, workspace, bionic):
    assert viewer_client.get(url("new", workspace, bionic.pk)).status_code == 403
    assert viewer_client.post(url("new", workspace, bionic.pk), VALID).status_code == 403
    assert not Contact.objects.exists()


def test_adding_a_contact_to_another_workspaces_organization_answers_404(
    member_client, workspace, foreign_contact
):
    organization = foreign_contact.organization
    response = member_client.post(url("new", workspace, organization.pk), VALID)
    assert response.status_code == 404
    assert Contact.objects.count() == 1


def test_adding_a_contact_to_a_trashed_organization_answers_404(member_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    assert member_client.post(url("new", workspace, bionic.pk), VALID).status_code == 404


# Edit


def test_member_edits_a_contact(member_client, workspace, bionic, ebner):
    response = member_client.post(url("edit", workspace, ebner.pk), {**VALID, "position": "CEO"})
    assert response["Location"] == organization_url(workspace, bionic)
    ebner.refresh_from_db()
    assert ebner.position == "CEO"


def test_edit_form_shows_the_current_values(member_client, workspace, ebner):
    page = member_client.get(url("edit", workspace, ebner.pk)).content.decode()
    assert 'value="lukas.ebner@bionic.example"' in page
    assert '<option value="top" selected>' in page


def test_editing_to_an_invalid_email_is_refused_at_the_field(member_client, workspace, ebner):
    response = member_client.post(url("edit", workspace, ebner.pk), {**VALID, "email": "no"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    ebner.refresh_from_db()
    assert ebner.email == "lukas.ebner@bionic.example"


def test_viewer_cannot_edit_a_contact(viewer_client, workspace, ebner):
    assert viewer_client.post(url("edit", workspace, ebner.pk), VALID).status_code == 403


def test_editing_a_contact_of_another_workspace_answers_404(
    member_client, workspace, foreign_contact
):
    assert member_client.get(url("edit", workspace, foreign_contact.pk)).status_code == 404
    assert member_client.post(url("edit", workspace, foreign_contact.pk), VALID).status_code == 404
    foreign_contact.refresh_from_db()
    assert foreign_contact.last_name == "Secret"


# Delete


def test_member_moves_a_contact_to_the_trash(member_client, workspace, bionic, ebner):
    response = member_client.post(url("delete", workspace, ebner.pk), follow=True)
    assert response.redirect_chain == [(organization_url(workspace, bionic), 302)]
    assert "Dr. Lukas Ebner was moved to the trash." in response.content.decode()
    assert Contact.objects.in_trash().get() == ebner
    assert list(response.context["contacts"]) == []


def test_delete_needs_post(member_client, workspace, ebner):
    assert member_client.get(url("delete", workspace, ebner.pk)).status_code == 405
    assert Contact.objects.alive().exists()


def test_viewer_cannot_delete_a_contact(viewer_client, workspace, ebner):
    assert viewer_client.post(url("delete", workspace, ebner.pk)).status_code == 403
    assert Contact.objects.alive().exists()


def test_deleting_a_contact_of_another_workspace_answers_404(
    member_client, workspace, foreign_contact
):
    assert member_client.post(url("delete", workspace, foreign_contact.pk)).status_code == 404
    assert Contact.objects.alive().get() == foreign_contact
