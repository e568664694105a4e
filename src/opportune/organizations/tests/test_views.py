"""Creating and editing organizations, and proposing their keys. The list and the page are
tested in organization_page, moving to the trash in trash."""

import pytest
from django.urls import reverse

from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create
from opportune.tags.services import tag_create


def url(name, workspace, *args):
    return reverse(f"organizations:{name}", args=[workspace.slug, *args])


def create(workspace, name, **fields):
    return organization_create(workspace=workspace, actor=None, name=name, **fields)


@pytest.fixture
def bionic(workspace):
    return create(workspace, "Bionic Systems GmbH", city="Linz", email="info@bionic.example")


@pytest.fixture
def foreign(other_workspace):
    return create(other_workspace, "Globex Corporation")


VALID = {
    "name": "Bionic Systems GmbH",
    "key": "",
    "street": "Hauptstraße 1",
    "postcode": "4020",
    "city": "Linz",
    "country": "Austria",
    "email": "info@bionic.example",
    "phone": "+43 732 1234",
    "website": "https://bionic.example",
}


# Create


def test_member_creates_an_organization_with_a_proposed_key(member_client, workspace):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    response = member_client.post(url("new", workspace), {**VALID, "tags": [vip.pk]})
    organization = Organization.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response["Location"] == url("detail", workspace, organization.pk)
    assert organization.key == "BION"
    assert organization.city == "Linz"
    assert list(organization.tags.all()) == [vip]


def test_typed_key_is_kept_in_capitals(member_client, workspace):
    member_client.post(url("new", workspace), {**VALID, "key": "bsys"})
    assert Organization.objects.get().key == "BSYS"


def test_creating_shows_a_success_message(member_client, workspace):
    response = member_client.post(url("new", workspace), VALID, follow=True)
    assert "Organization “Bionic Systems GmbH” created." in response.content.decode()


def test_duplicate_key_is_refused_at_the_field(member_client, workspace, bionic):
    response = member_client.post(url("new", workspace), {**VALID, "name": "Other", "key": "BION"})
    assert response.status_code == 200
    assert response.context["form"].errors["key"] == [
        "The key BION is already used by Bionic Systems GmbH."
    ]
    assert Organization.objects.count() == 1


def test_malformed_key_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "key": "1-A"})
    assert response.context["form"].errors["key"] == [
        "Use 2 to 6 capital letters or digits, starting with a letter."
    ]
    assert not Organization.objects.exists()


def test_empty_name_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert 'class="field-error" id="id_name_error">This field is required.' in (
        response.content.decode()
    )
    assert not Organization.objects.exists()


def test_invalid_email_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "email": "info@"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert not Organization.objects.exists()


def test_invalid_website_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(
        url("new", workspace), {**VALID, "website": "javascript:alert(1)"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["website"] == ["Enter a valid URL."]
    assert not Organization.objects.exists()


def test_very_long_name_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "name": "B" * 1_000_000})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Ensure this value has at most 200 characters (it has 1000000)."
    ]
    assert not Organization.objects.exists()


def test_ten_megabyte_name_is_refused_and_not_sent_back(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "name": "B" * 10_000_000})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Ensure this value has at most 200 characters (it has 10000000)."
    ]
    assert len(response.content) < 100_000
    assert f'value="{"B" * 200}"' in response.content.decode()
    assert not Organization.objects.exists()


def test_too_long_key_is_refused_at_the_field(member_client, workspace):
    response = member_client.post(url("new", workspace), {**VALID, "key": "BIONICS"})
    assert response.context["form"].errors["key"] == [
        "Use 2 to 6 capital letters or digits, starting with a letter."
    ]
    assert not Organization.objects.exists()


def test_tag_of_another_workspace_is_refused(member_client, workspace, other_workspace):
    foreign_tag = tag_create(workspace=other_workspace, name="VIP", colour="red")
    response = member_client.post(url("new", workspace), {**VALID, "tags": [foreign_tag.pk]})
    assert response.status_code == 200
    assert "tags" in response.context["form"].errors
    assert not Organization.objects.exists()


def test_new_organization_form_offers_the_workspace_tags(member_client, workspace, other_workspace):
    tag_create(workspace=workspace, name="VIP", colour="red")
    tag_create(workspace=other_workspace, name="Secret", colour="red")
    page = member_client.get(url("new", workspace)).content.decode()
    assert "VIP" in page and "Secret" not in page


def test_viewer_cannot_create_an_organization(viewer_client, workspace):
    assert viewer_client.get(url("new", workspace)).status_code == 403
    assert viewer_client.post(url("new", workspace), VALID).status_code == 403
    assert not Organization.objects.exists()


def test_outsider_cannot_create_an_organization(outsider_client, workspace):
    assert outsider_client.post(url("new", workspace), VALID).status_code == 404
    assert not Organization.objects.exists()


# Key proposal


def test_key_is_proposed_from_the_name(member_client, workspace):
    response = member_client.get(
        url("key", workspace), {"name": "Bionic Systems GmbH"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="key-field">')
    assert 'name="key" value="BION"' in page
    assert 'name="key_proposed" value="BION"' in page


def test_proposed_key_avoids_keys_in_use(member_client, workspace, bionic):
    response = member_client.get(url("key", workspace), {"name": "Bionic Labs"})
    assert 'name="key" value="BION"' not in response.content.decode()
    assert response.context["form"].initial["key"] == "BL"


def test_key_proposal_follows_the_name_while_the_key_was_not_typed(member_client, workspace):
    response = member_client.get(
        url("key", workspace), {"name": "Acme Tools", "key": "BION", "key_proposed": "BION"}
    )
    assert response.context["form"].initial["key"] == "ACME"


def test_key_proposal_leaves_a_typed_key_alone(member_client, workspace):
    response = member_client.get(
        url("key", workspace), {"name": "Acme Tools", "key": "MINE", "key_proposed": "BION"}
    )
    assert response.status_code == 204


def test_key_proposal_for_an_empty_name_is_empty(member_client, workspace):
    response = member_client.get(url("key", workspace), {"name": " "})
    assert response.context["form"].initial["key"] == ""


def test_key_proposal_of_another_workspace_answers_404(member_client, other_workspace):
    assert member_client.get(url("key", other_workspace), {"name": "X"}).status_code == 404


def test_create_page_asks_for_key_proposals_while_typing(member_client, workspace):
    page = member_client.get(url("new", workspace)).content.decode()
    assert f'hx-get="{url("key", workspace)}"' in page
    assert 'hx-trigger="input changed delay:300ms"' in page


# Edit


def test_member_edits_an_organization(member_client, workspace, bionic):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    data = {**VALID, "name": "Bionic Systems AG", "key": "BSAG", "city": "Wien", "tags": [vip.pk]}
    response = member_client.post(url("edit", workspace, bionic.pk), data)
    assert response["Location"] == url("detail", workspace, bionic.pk)
    bionic.refresh_from_db()
    assert (bionic.name, bionic.key, bionic.city) == ("Bionic Systems AG", "BSAG", "Wien")
    assert list(bionic.tags.all()) == [vip]


def test_edit_form_shows_the_current_values(member_client, workspace, bionic):
    page = member_client.get(url("edit", workspace, bionic.pk)).content.decode()
    assert 'value="Bionic Systems GmbH"' in page and 'value="BION"' in page


def test_editing_to_a_duplicate_key_is_refused_at_the_field(member_client, workspace, bionic):
    create(workspace, "Acme Tools")
    response = member_client.post(url("edit", workspace, bionic.pk), {**VALID, "key": "ACME"})
    assert response.status_code == 200
    assert response.context["form"].errors["key"] == ["The key ACME is already used by Acme Tools."]
    bionic.refresh_from_db()
    assert bionic.key == "BION"


def test_editing_to_an_empty_name_is_refused_at_the_field(member_client, workspace, bionic):
    response = member_client.post(
        url("edit", workspace, bionic.pk), {**VALID, "key": "BION", "name": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    bionic.refresh_from_db()
    assert bionic.name == "Bionic Systems GmbH"


def test_viewer_cannot_edit_an_organization(viewer_client, workspace, bionic):
    response = viewer_client.post(url("edit", workspace, bionic.pk), {**VALID, "key": "BION"})
    assert response.status_code == 403


def test_editing_an_organization_of_another_workspace_answers_404(
    member_client, workspace, foreign
):
    assert member_client.get(url("edit", workspace, foreign.pk)).status_code == 404
    response = member_client.post(url("edit", workspace, foreign.pk), {**VALID, "key": "GLOB"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Globex Corporation"


def test_editing_with_an_empty_key_keeps_the_current_key(member_client, workspace, bionic):
    data = {**VALID, "name": "Bionic Systems AG", "key": ""}
    response = member_client.post(url("edit", workspace, bionic.pk), data)
    assert response["Location"] == url("detail", workspace, bionic.pk)
    bionic.refresh_from_db()
    assert (bionic.name, bionic.key) == ("Bionic Systems AG", "BION")


def test_edit_page_says_an_empty_key_keeps_the_current_one(member_client, workspace, bionic):
    page = member_client.get(url("edit", workspace, bionic.pk)).content.decode()
    assert "Leave it empty to keep the current key." in page
    assert "we propose one" not in page
