"""The organizations list and the organization page (moved here from organizations)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_create
from opportune.opportunities.models import Opportunity, Status
from opportune.opportunities.services import opportunity_create
from opportune.organizations.models import Organization
from opportune.organizations.services import organization_create, organization_delete
from opportune.tags.services import tag_create


def url(name, workspace, *args):
    return reverse(f"organizations:{name}", args=[workspace.slug, *args])


def create(workspace, name, **fields):
    return organization_create(workspace=workspace, actor=None, name=name, **fields)


@pytest.fixture
def foreign(other_workspace):
    return create(other_workspace, "Globex Corporation")


# One namespace, composed of three apps' routes; names and paths as before the split.


@pytest.mark.parametrize(
    ("name", "args", "path", "module"),
    [
        ("list", [], "/w/acme/organizations/", "opportune.organization_page.views"),
        ("detail", [7], "/w/acme/organizations/7/", "opportune.organization_page.views"),
        ("new", [], "/w/acme/organizations/new/", "opportune.organizations.views"),
        ("key", [], "/w/acme/organizations/key/", "opportune.organizations.views"),
        ("edit", [7], "/w/acme/organizations/7/edit/", "opportune.organizations.views"),
        ("delete", [7], "/w/acme/organizations/7/delete/", "opportune.trash.views"),
        ("trash", [], "/w/acme/trash/", "opportune.trash.views"),
        (
            "restore",
            ["contacts", 7],
            "/w/acme/trash/contacts/7/restore/",
            "opportune.trash.views",
        ),
    ],
)
def test_organization_routes_keep_their_names_and_paths(name, args, path, module):
    assert reverse(f"organizations:{name}", args=["acme", *args]) == path
    match = resolve(path)
    assert (match.namespace, match.url_name) == ("organizations", name)
    assert match.func.__module__ == module


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


def test_list_needs_the_same_queries_for_10_or_60_rows(member_client, workspace, member, phases):
    vip = tag_create(workspace=workspace, name="VIP", colour="red")
    new = tag_create(workspace=workspace, name="New", colour="blue")

    def add(count):
        for _n in range(count):
            organization = create(workspace, "Company", tags=[vip, new])
            opportunity_create(
                workspace=workspace, actor=member, organization=organization, name="X"
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
    assert {o.open_opportunities for o in response.context["page_obj"]} == {1}


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


def test_list_answers_a_boosted_request_with_the_whole_page(member_client, workspace, bionic):
    response = member_client.get(
        url("list", workspace), headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in response.content.decode()


def test_list_tells_caches_it_depends_on_htmx(member_client, workspace):
    response = member_client.get(url("list", workspace))
    assert "HX-Request" in response["Vary"]


def test_outsider_cannot_see_the_list(outsider_client, workspace):
    assert outsider_client.get(url("list", workspace)).status_code == 404


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


def test_outsider_cannot_see_an_organization(outsider_client, workspace, bionic):
    assert outsider_client.get(url("detail", workspace, bionic.pk)).status_code == 404


def test_detail_needs_the_same_queries_for_1_or_10_contacts_and_opportunities(
    member_client, workspace, member, bionic, make_opportunity, django_assert_max_num_queries
):
    def add(count):
        for _n in range(count):
            contact_create(
                workspace=workspace, actor=member, organization=bionic, last_name="Huber"
            )
            make_opportunity()

    add(1)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url("detail", workspace, bionic.pk))
    add(9)
    with django_assert_max_num_queries(len(few)):
        response = member_client.get(url("detail", workspace, bionic.pk))
    assert (len(response.context["contacts"]), len(response.context["opportunities"])) == (10, 10)


def test_a_later_page_shows_its_own_rows_in_order(member_client, workspace):
    Organization.objects.bulk_create(
        Organization(workspace=workspace, name=f"Company {n:03}", key=f"C{n:03}")
        for n in range(120)
    )
    response = member_client.get(url("list", workspace), {"sort": "-name", "page": 3})
    names = [o.name for o in response.context["page_obj"]]
    assert names == [f"Company {n:03}" for n in range(19, -1, -1)]
    assert response.context["page_obj"].paginator.count == 120
