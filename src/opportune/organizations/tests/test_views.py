import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create
from opportune.opportunities.models import Opportunity, Status
from opportune.opportunities.project import create_defaults
from opportune.opportunities.services import opportunity_create
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create, organization_delete
from opportune.tags.services import tag_create


def url(name, workspace, *args):
    return reverse(f"organizations:{name}", args=[workspace.slug, *args])


def create(workspace, name, **fields):
    return organization_create(workspace=workspace, actor=None, name=name, **fields)


@pytest.fixture
def phases(workspace):
    create_defaults(sender=None, workspace=workspace)


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


# List


def test_list_shows_key_name_city_tags_and_open_opportunities(
    member_client, workspace, member, phases
):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    bionic = create(workspace, "Bionic Systems GmbH", city="Linz", tags=[vip])
    opportunity_create(workspace=workspace, actor=member, organization=bionic, name="Portal")
    opportunity_create(workspace=workspace, actor=member, organization=bionic, name="Shop")
    lost = opportunity_create(workspace=workspace, actor=member, organization=bionic, name="Old")
    Opportunity.objects.filter(pk=lost.pk).update(status=Status.LOST)

    response = member_client.get(url("list", workspace))

    assert response.status_code == 200
    row = response.context["page_obj"][0]
    assert (row.key, row.name, row.open_opportunities) == ("BION", "Bionic Systems GmbH", 2)
    page = response.content.decode()
    assert "Linz" in page and 'class="chip c-red">VIP<' in page


def test_list_counts_no_trashed_opportunities(member_client, workspace, member, phases, bionic):
    opportunity = opportunity_create(
        workspace=workspace, actor=member, organization=bionic, name="Portal"
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(deleted_at="2025-01-01T00:00Z")
    response = member_client.get(url("list", workspace))
    assert response.context["page_obj"][0].open_opportunities == 0


def test_list_searches_name_key_and_city(member_client, workspace, bionic):
    create(workspace, "Acme Tools", city="Graz")

    def names(q):
        response = member_client.get(url("list", workspace), {"q": q})
        return [o.name for o in response.context["page_obj"]]

    assert names("bionic") == ["Bionic Systems GmbH"]
    assert names("ACME") == ["Acme Tools"]
    assert names("graz") == ["Acme Tools"]
    assert names("bion") == ["Bionic Systems GmbH"]


def test_list_filters_by_tag(member_client, workspace, bionic):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    create(workspace, "Acme Tools", tags=[vip])
    response = member_client.get(url("list", workspace), {"tag": vip.pk})
    assert [o.name for o in response.context["page_obj"]] == ["Acme Tools"]


def test_list_ignores_a_tag_of_another_workspace(member_client, workspace, other_workspace, bionic):
    foreign_tag = tag_create(workspace=other_workspace, name="VIP", colour="red")
    response = member_client.get(url("list", workspace), {"tag": foreign_tag.pk})
    assert response.status_code == 200
    assert [o.name for o in response.context["page_obj"]] == ["Bionic Systems GmbH"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Acme Tools", "bionic labs", "Zeta AG"]),
        ("-name", ["Zeta AG", "bionic labs", "Acme Tools"]),
        ("key", ["Acme Tools", "bionic labs", "Zeta AG"]),
        ("city", ["Zeta AG", "bionic labs", "Acme Tools"]),
        ("-created", ["Zeta AG", "bionic labs", "Acme Tools"]),
        ("password", ["Acme Tools", "bionic labs", "Zeta AG"]),
    ],
)
def test_list_sorts_by_whitelisted_columns(member_client, workspace, sort, expected):
    create(workspace, "Acme Tools", city="Zürich")
    create(workspace, "bionic labs", city="Linz")
    create(workspace, "Zeta AG", city="Berlin")
    response = member_client.get(url("list", workspace), {"sort": sort})
    assert [o.name for o in response.context["page_obj"]] == expected


def test_list_shows_fifty_per_page(member_client, workspace):
    Organization.objects.bulk_create(
        Organization(workspace=workspace, name=f"Company {n:03}", key=f"C{n:03}") for n in range(51)
    )
    first = member_client.get(url("list", workspace))
    second = member_client.get(url("list", workspace), {"page": 2})
    assert len(first.context["page_obj"]) == 50
    assert [o.name for o in second.context["page_obj"]] == ["Company 050"]
    assert "?page=2" in first.content.decode()


def test_list_needs_the_same_queries_for_3_or_30_rows(
    member_client, workspace, member, phases, django_assert_max_num_queries
):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    new = tag_create(workspace=workspace, name="New", colour="blue")

    def add(count):
        for _n in range(count):
            organization = create(workspace, "Company", tags=[vip, new])
            opportunity_create(
                workspace=workspace, actor=member, organization=organization, name="X"
            )

    add(3)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url("list", workspace))
    add(27)
    with django_assert_max_num_queries(len(few)):
        response = member_client.get(url("list", workspace))
    assert len(response.context["page_obj"]) == 30


def test_list_hides_trashed_organizations(member_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    response = member_client.get(url("list", workspace))
    assert list(response.context["page_obj"]) == []


def test_empty_list_offers_a_new_organization_to_members(member_client, workspace):
    page = member_client.get(url("list", workspace)).content.decode()
    assert "No organizations yet." in page
    assert url("new", workspace) in page


def test_empty_list_offers_nothing_to_create_for_viewers(viewer_client, workspace):
    page = viewer_client.get(url("list", workspace)).content.decode()
    assert "No organizations yet." in page
    assert url("new", workspace) not in page


def test_list_search_answers_htmx_with_the_results_only(member_client, workspace, bionic):
    response = member_client.get(
        url("list", workspace), {"q": "bion"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results">')
    assert "Bionic Systems GmbH" in page and "<html" not in page


def test_list_links_to_the_trash_only_for_admins(client, workspace, member, admin):
    client.force_login(member)
    assert url("trash", workspace) not in client.get(url("list", workspace)).content.decode()
    client.force_login(admin)
    assert url("trash", workspace) in client.get(url("list", workspace)).content.decode()


def test_list_of_another_workspace_answers_404(member_client, other_workspace):
    assert member_client.get(url("list", other_workspace)).status_code == 404


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


# Detail


def test_detail_shows_data_contacts_and_opportunities(member_client, workspace, member, phases):
    bionic = create(
        workspace,
        "Bionic Systems GmbH",
        street="Hauptstraße 1",
        postcode="4020",
        city="Linz",
        email="info@bionic.example",
        phone="+43 732 1234",
        website="https://bionic.example",
    )
    contact_create(
        workspace=workspace,
        actor=member,
        organization=bionic,
        first_name="Lukas",
        last_name="Ebner",
    )
    opportunity_create(
        workspace=workspace,
        actor=member,
        organization=bionic,
        name="Portal relaunch",
        expected_value="1234.50",
    )

    response = member_client.get(url("detail", workspace, bionic.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "4020 Linz" in page
    assert 'href="mailto:info@bionic.example"' in page
    assert 'href="tel:+437321234"' in page
    assert 'href="https://bionic.example" rel="noopener noreferrer"' in page
    assert "Lukas Ebner" in page
    assert reverse("opportunities:detail", args=[workspace.slug, "BION-1"]) in page
    assert "Portal relaunch" in page and "1,234.50" in page


def test_detail_hides_trashed_contacts_and_opportunities(member_client, workspace, member, bionic):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Ebner"
    )
    Contact.objects.filter(pk=contact.pk).update(deleted_at="2025-01-01T00:00Z")
    response = member_client.get(url("detail", workspace, bionic.pk))
    assert list(response.context["contacts"]) == []


def test_viewer_sees_no_edit_or_delete_buttons(viewer_client, workspace, bionic):
    page = viewer_client.get(url("detail", workspace, bionic.pk)).content.decode()
    assert url("edit", workspace, bionic.pk) not in page
    assert url("delete", workspace, bionic.pk) not in page
    assert reverse("contacts:new", args=[workspace.slug, bionic.pk]) not in page


def test_member_sees_edit_delete_and_add_contact(member_client, workspace, bionic):
    page = member_client.get(url("detail", workspace, bionic.pk)).content.decode()
    assert url("edit", workspace, bionic.pk) in page
    assert url("delete", workspace, bionic.pk) in page
    assert reverse("contacts:new", args=[workspace.slug, bionic.pk]) in page


def test_detail_of_another_workspace_answers_404(member_client, workspace, foreign):
    assert member_client.get(url("detail", workspace, foreign.pk)).status_code == 404


def test_trashed_organization_answers_404(member_client, workspace, bionic):
    organization_delete(organization=bionic, actor=None)
    assert member_client.get(url("detail", workspace, bionic.pk)).status_code == 404


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


# Delete


def test_member_moves_an_organization_to_the_trash(
    member_client, workspace, member, phases, bionic
):
    contact = contact_create(
        workspace=workspace, actor=member, organization=bionic, last_name="Ebner"
    )
    opportunity = opportunity_create(
        workspace=workspace, actor=member, organization=bionic, name="Portal"
    )

    response = member_client.post(url("delete", workspace, bionic.pk), follow=True)

    assert response.redirect_chain == [(url("list", workspace), 302)]
    assert "moved to the trash" in response.content.decode()
    assert Organization.objects.in_trash().get() == bionic
    assert Contact.objects.in_trash().get() == contact
    assert Opportunity.objects.in_trash().get() == opportunity


def test_delete_needs_post(member_client, workspace, bionic):
    assert member_client.get(url("delete", workspace, bionic.pk)).status_code == 405
    assert Organization.objects.alive().exists()


def test_viewer_cannot_delete_an_organization(viewer_client, workspace, bionic):
    assert viewer_client.post(url("delete", workspace, bionic.pk)).status_code == 403
    assert Organization.objects.alive().exists()


def test_deleting_an_organization_of_another_workspace_answers_404(
    member_client, workspace, foreign
):
    assert member_client.post(url("delete", workspace, foreign.pk)).status_code == 404
    assert Organization.objects.alive().get() == foreign
