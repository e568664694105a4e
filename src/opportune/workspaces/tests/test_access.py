import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportune.workspaces.models import Membership, Role, Workspace

SECTIONS = ["opportunities", "organizations", "contacts", "my-day", "reports"]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_opens_for_a_viewer(viewer_client, workspace, section):
    assert viewer_client.get(f"/w/{workspace.slug}/{section}/").status_code == 200


@pytest.mark.parametrize("section", [*SECTIONS, "settings", "settings/members"])
def test_another_workspace_answers_404(outsider_client, workspace, section):
    assert outsider_client.get(f"/w/{workspace.slug}/{section}/").status_code == 404


def test_unknown_workspace_answers_404(member_client):
    assert member_client.get("/w/no-such-workspace/opportunities/").status_code == 404


@pytest.mark.parametrize("url", ["settings/", "settings/members/"])
@pytest.mark.parametrize("who", ["viewer_client", "member_client"])
def test_settings_are_forbidden_below_admin(request, workspace, url, who):
    response = request.getfixturevalue(who).get(f"/w/{workspace.slug}/{url}")
    assert response.status_code == 403
    assert "Your role in this workspace does not allow this." in response.content.decode()


def test_settings_link_shows_only_for_admins(viewer_client, admin, workspace, client):
    page = viewer_client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert f"/w/{workspace.slug}/settings/" not in page
    client.force_login(admin)
    page = client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert f"/w/{workspace.slug}/settings/" in page


def test_admin_renames_the_workspace(admin_client, workspace):
    response = admin_client.post(f"/w/{workspace.slug}/settings/", {"name": "Acme Vertrieb"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Acme Vertrieb"


def test_empty_workspace_name_is_refused_at_the_field(admin_client, workspace):
    response = admin_client.post(f"/w/{workspace.slug}/settings/", {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_creating_a_workspace_makes_the_creator_its_owner(member_client, member):
    response = member_client.post(reverse("workspace_new"), {"name": "Bionic Systems"})
    workspace = Workspace.objects.get(name="Bionic Systems")
    assert response["Location"] == f"/w/{workspace.slug}/opportunities/"
    assert Membership.objects.get(workspace=workspace, user=member).role == Role.OWNER


def test_opening_a_workspace_page_again_does_not_write_the_session(member_client, workspace):
    member_client.get(f"/w/{workspace.slug}/opportunities/")
    with CaptureQueriesContext(connection) as queries:
        member_client.get(f"/w/{workspace.slug}/contacts/")
    writes = [q["sql"] for q in queries if "django_session" in q["sql"]]
    assert not [sql for sql in writes if not sql.lstrip().upper().startswith("SELECT")]
    assert member_client.session["last_workspace"] == workspace.slug


def test_workspace_switcher_lists_my_workspaces(member_client, member, workspace):
    member_client.post(reverse("workspace_new"), {"name": "Second Team"})
    page = member_client.get(f"/w/{workspace.slug}/opportunities/").content.decode()
    assert "Second Team" in page and "Acme Sales" in page


def test_the_last_owner_cannot_be_demoted(owner_client, owner, workspace):
    membership = Membership.objects.get(user=owner)
    owner_client.post(
        f"/w/{workspace.slug}/settings/members/{membership.pk}/role/", {"role": "member"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_admin_changes_a_role_and_removes_a_member(admin_client, workspace, member):
    membership = Membership.objects.get(user=member)
    admin_client.post(
        f"/w/{workspace.slug}/settings/members/{membership.pk}/role/", {"role": "viewer"}
    )
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    admin_client.post(f"/w/{workspace.slug}/settings/members/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_another_workspace_answers_404(admin_client, workspace, outsider):
    foreign = Membership.objects.get(user=outsider)
    url = f"/w/{workspace.slug}/settings/members/{foreign.pk}/remove/"
    assert admin_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_role_change_needs_post(admin_client, workspace, member):
    membership = Membership.objects.get(user=member)
    url = f"/w/{workspace.slug}/settings/members/{membership.pk}/role/"
    assert admin_client.get(url).status_code == 405
