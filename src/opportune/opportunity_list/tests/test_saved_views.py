"""Saved views: who sees and changes which, what opening one shows, the default view, the
built-in views and the form's answers to bad input."""

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from opportune.opportunities.models import Opportunity, Status
from opportune.opportunity_list.models import SavedView
from opportune.opportunity_list.services import saved_view_create, saved_view_set_default
from opportune.pipeline.models import Phase
from opportune.workspaces.models import Membership

from .test_list_page import names

URL = "/w/acme/opportunities/"


@pytest.fixture
def signed_in():
    """A client of its own for each user, so one test can look through several eyes."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def save(user, workspace, name="Pipeline", query="owner=me", *, is_shared=False):
    actor = Membership.objects.get(workspace=workspace, user=user)
    return saved_view_create(actor=actor, name=name, query=query, is_shared=is_shared)


def page(client, url=URL) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return unescape(response.content.decode())


def opened(client, view) -> str:
    """Where opening the view leads: the list's address, after every redirect."""
    response = client.get(f"{URL}views/{view.pk}/", follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


def test_private_view_is_invisible_to_others(signed_in, workspace, member, admin, viewer):
    view = save(member, workspace, "Mia's secret pipeline")

    assert "Mia's secret pipeline" in page(signed_in(member))
    for other in (admin, viewer):
        client = signed_in(other)
        assert "Mia's secret pipeline" not in page(client)
        assert client.get(f"{URL}views/{view.pk}/").status_code == 404
    assert signed_in(admin).post(f"{URL}views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_shared_view_is_in_everyones_menu(signed_in, workspace, member, viewer, owner):
    view = save(member, workspace, "Team pipeline", "status=all", is_shared=True)

    for user in (viewer, owner):
        client = signed_in(user)
        assert "Team pipeline" in page(client)
        assert opened(client, view) == f"{URL}?status=all"


def test_another_workspaces_view_is_not_found(signed_in, workspace, member, outsider):
    view = save(member, workspace, "Team pipeline", is_shared=True)
    client = signed_in(outsider)
    globex = f"/w/globex/opportunities/views/{view.pk}/"

    assert "Team pipeline" not in page(client, "/w/globex/opportunities/")
    assert client.get(globex).status_code == 404
    for action, data in [
        ("rename/", {"name": "Mine now"}),
        ("share/", {"is_shared": "no"}),
        ("move/", {"direction": "up"}),
        ("delete/", {}),
    ]:
        assert client.post(globex + action, data).status_code == 404
    assert (
        client.post("/w/globex/opportunities/views/default/", {"view": view.pk}).status_code == 404
    )
    view.refresh_from_db()
    assert (view.name, view.is_shared) == ("Team pipeline", True)


def test_opening_a_shared_view_shows_the_viewers_own_opportunities(
    signed_in, workspace, member, admin, make_opportunity
):
    make_opportunity(name="Mia's deal", owner=member)
    make_opportunity(name="Adam's deal", owner=admin)
    view = save(member, workspace, "Mine", "owner=me", is_shared=True)
    client = signed_in(admin)

    assert names(page(client, opened(client, view))) == ["Adam's deal"]


def test_opening_a_view_ignores_ids_of_another_workspace(
    signed_in, workspace, member, make_opportunity, foreign_opportunity
):
    make_opportunity(name="Acme deal")
    foreign_phase = Phase.objects.get(pk=foreign_opportunity.phase_id)
    # Stored past the services (as an old or tampered row could be): it names Globex's things.
    view = SavedView.objects.create(
        workspace=workspace,
        owner=member,
        name="Tampered",
        query=(
            f"phase={foreign_phase.pk}&organization={foreign_opportunity.organization_id}"
            f"&status=all&sort=name"
        ),
        is_shared=True,
    )
    client = signed_in(member)

    address = opened(client, view)

    assert address == f"{URL}?status=all&sort=name"
    shown = page(client, address)
    assert names(shown) == ["Acme deal"]
    assert "Secret deal" not in shown


def test_a_view_with_filters_columns_and_sort_reopens_to_the_same_address(
    signed_in, workspace, member, phases, make_opportunity
):
    make_opportunity(name="Alpha deal", phase=phases["Research"])
    client = signed_in(member)
    query = f"phase={phases['Research'].pk}&owner=me&columns=name,phase&sort=name"
    response = client.get(URL + "?" + query, follow=True)
    canonical = response.redirect_chain[-1][0] if response.redirect_chain else URL + "?" + query
    shown = response.content.decode()
    assert "Unknown" not in shown

    saved = client.post(
        f"{URL}views/", {"name": "Research", "query": canonical.partition("?")[2]}, follow=True
    )

    assert saved.status_code == 200
    view = SavedView.objects.get(name="Research")
    assert opened(client, view) == canonical
    assert 'aria-current="true">Research</a>' in page(client, canonical)


def test_default_view_opens_the_bare_list_and_reset_leads_to_the_plain_list(
    signed_in, workspace, member, make_opportunity, admin
):
    make_opportunity(name="Mia's deal", owner=member)
    make_opportunity(name="Adam's deal", owner=admin)
    client = signed_in(member)
    view = save(member, workspace, "Mine", "owner=me")

    response = client.post(f"{URL}views/default/", {"view": view.pk, "back": "owner=me"})
    assert response.status_code == 302

    bare = client.get(URL)
    assert bare.status_code == 302
    assert bare["Location"] == f"{URL}?owner=me"
    shown = page(client)
    assert names(shown) == ["Mia's deal"]
    assert 'href="?default=off"' in shown
    plain = client.get(f"{URL}?default=off")
    assert plain.status_code == 200
    assert set(names(unescape(plain.content.decode()))) == {"Mia's deal", "Adam's deal"}


def test_default_view_of_another_member_stops_when_made_private(
    signed_in, workspace, member, admin
):
    view = save(member, workspace, "Team", "status=all", is_shared=True)
    saved_view_set_default(actor=Membership.objects.get(workspace=workspace, user=admin), view=view)
    admin_client = signed_in(admin)
    assert admin_client.get(URL)["Location"] == f"{URL}?status=all"

    response = signed_in(member).post(f"{URL}views/{view.pk}/share/", {"is_shared": "no"})

    assert response.status_code == 302
    assert admin_client.get(URL).status_code == 200


def test_built_in_views_show_mine_closing_this_month_and_won_this_year(
    signed_in, member, admin, make_opportunity, set_status
):
    today = timezone.localdate()
    last_year = datetime.date(today.year - 1, 6, 1)
    make_opportunity(name="Mine open", owner=member)
    make_opportunity(name="Closing soon", owner=admin, expected_close_on=today)
    won = make_opportunity(name="Won now", owner=admin)
    set_status(won, Status.IMPLEMENTATION)
    old = make_opportunity(name="Won last year", owner=admin)
    set_status(old, Status.COMPLETED)
    Opportunity.objects.filter(pk=old.pk).update(closed_on=last_year)
    lost = make_opportunity(name="Lost now", owner=admin)
    set_status(lost, Status.LOST)
    client = signed_in(member)
    menu = page(client)
    links = {
        label: menu.partition(f">{label}</a>")[0].rpartition('href="')[2].rstrip('"')
        for label in ("My open opportunities", "Closing this month", "Won this year")
    }

    assert links["My open opportunities"] == "?owner=me"
    month_end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    month_end -= datetime.timedelta(days=1)
    assert links["Closing this month"] == (
        f"?close_from={today.replace(day=1).isoformat()}&close_to={month_end.isoformat()}"
    )
    assert names(page(client, URL + links["My open opportunities"])) == ["Mine open"]
    assert names(page(client, URL + links["Closing this month"])) == ["Closing soon"]
    assert names(page(client, URL + links["Won this year"])) == ["Won now"]


def test_closed_range_filters_by_the_closing_date(signed_in, member, make_opportunity, set_status):
    won = make_opportunity(name="Won deal")
    set_status(won, Status.IMPLEMENTATION)
    Opportunity.objects.filter(pk=won.pk).update(closed_on=datetime.date(2026, 3, 5))
    client = signed_in(member)

    inside = page(client, f"{URL}?status=all&closed_from=2026-03-01&closed_to=2026-03-31")
    after = page(client, f"{URL}?status=all&closed_from=2026-03-06")

    assert names(inside) == ["Won deal"]
    assert '<span class="muted">Closed:</span> 01/03/2026 – 31/03/2026' in inside
    assert names(after) == []


def test_owner_or_admin_renames_a_shared_view_others_may_not(
    signed_in, workspace, member, admin, viewer
):
    view = save(member, workspace, "Team", is_shared=True)
    url = f"{URL}views/{view.pk}/rename/"

    assert signed_in(viewer).get(url).status_code == 403
    assert signed_in(viewer).post(url, {"name": "Viewer's"}).status_code == 403
    assert signed_in(admin).post(url, {"name": "Team (admin)"}).status_code == 302
    assert signed_in(member).post(url, {"name": "Team pipeline"}).status_code == 302
    view.refresh_from_db()
    assert view.name == "Team pipeline"


def test_only_the_owner_reorders_their_views(signed_in, workspace, member, admin):
    first = save(member, workspace, "First", is_shared=True)
    save(member, workspace, "Second")
    client = signed_in(member)

    assert (
        signed_in(admin).post(f"{URL}views/{first.pk}/move/", {"direction": "down"}).status_code
        == 403
    )
    response = client.post(f"{URL}views/{first.pk}/move/", {"direction": "down"})

    assert response.status_code == 302
    menu = page(client)
    assert menu.index(">Second</a>") < menu.index(">First</a>")
    assert client.post(f"{URL}views/{first.pk}/move/", {"direction": "left"}).status_code == 400


def test_deleting_asks_first_and_only_owner_or_admin_may(
    signed_in, workspace, member, admin, viewer
):
    view = save(member, workspace, "Team", is_shared=True)
    url = f"{URL}views/{view.pk}/delete/"
    client = signed_in(member)

    confirmation = page(client, url)
    assert "Delete view “Team”?" in confirmation
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert signed_in(viewer).post(url).status_code == 403
    assert client.post(url, {"back": "status=all"})["Location"] == f"{URL}?status=all"
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_admin_deletes_a_shared_view_of_another_member(signed_in, workspace, member, admin):
    view = save(member, workspace, "Team", is_shared=True)

    assert signed_in(admin).post(f"{URL}views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_viewer_saves_private_views_only(signed_in, workspace, viewer):
    client = signed_in(viewer)

    response = client.post(f"{URL}views/", {"name": "My look", "query": "q=abc", "is_shared": "on"})

    assert response.status_code == 302
    view = SavedView.objects.get(owner=viewer)
    assert (view.name, view.query, view.is_shared) == ("My look", "q=abc", False)
    assert "Share with the workspace" not in page(client)
    with pytest.raises(ValidationError):
        save(viewer, workspace, "Shared", is_shared=True)
    assert (
        signed_in(viewer).post(f"{URL}views/{view.pk}/share/", {"is_shared": "yes"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 81, "Ensure this value has at most 80 characters (it has 81)."),
        ("PIPELINE", "You already have a view with this name."),
    ],
)
def test_bad_name_is_answered_at_the_field(signed_in, workspace, member, name, error):
    save(member, workspace, "Pipeline")
    client = signed_in(member)

    response = client.post(f"{URL}views/", {"name": name, "query": "owner=me"})

    assert response.status_code == 200
    shown = unescape(response.content.decode())
    assert f'<p class="field-error" id="id_name_error">{error}</p>' in shown
    assert SavedView.objects.count() == 1


def test_renaming_to_a_name_in_use_is_answered_at_the_field(signed_in, workspace, member):
    save(member, workspace, "Pipeline")
    other = save(member, workspace, "Other")

    response = signed_in(member).post(f"{URL}views/{other.pk}/rename/", {"name": "pipeline"})

    assert response.status_code == 200
    assert "You already have a view with this name." in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Other"


def test_saved_query_drops_what_the_filter_ignores(signed_in, workspace, member):
    response = signed_in(member).post(
        f"{URL}views/", {"name": "Odd", "query": "phase=999999&owner=me&nonsense=1&sort=name"}
    )

    assert response.status_code == 302
    assert SavedView.objects.get(name="Odd").query == "owner=me&sort=name"


def test_resetting_the_columns_keeps_the_default_view(signed_in, workspace, member):
    client = signed_in(member)
    view = save(member, workspace, "Mine", "owner=me")
    client.post(f"{URL}views/default/", {"view": view.pk, "back": "owner=me"})
    client.post(f"{URL}columns/", {"order": ["name"], "column": ["name"]})

    client.post(f"{URL}columns/", {"reset": "1"})

    assert client.get(URL)["Location"] == f"{URL}?owner=me"
