"""Every route under /w/<workspace_slug>/, walked from the URL resolver.

The table below says who may read (GET) and who may write (POST) each route. For every route the
walk checks that an outsider gets 404, a viewer's write 403, a GET on a POST-only route 405, the
minimum roles get through (so the 404s come from isolation, not from a wrong address), and that no
refused request changed a row. A route missing from the table fails. A second walk feeds every
route odd values in the address and the query string: never a 500. A third puts another
workspace's ids and short names into one's own workspace's addresses: 404, nothing changed.
"""

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opportune.contacts.services import contact_create
from opportune.core.converters import parse_id
from opportune.journal.models import Mood
from opportune.journal.services import entry_post
from opportune.opportunities.members import member_add
from opportune.opportunities.models import Attitude
from opportune.opportunity_list.services import saved_view_create
from opportune.organizations.services import organization_create, organization_delete
from opportune.pipeline import services as pipeline
from opportune.pipeline.models import FieldType, PhaseKind
from opportune.tags.services import tag_create
from opportune.tasks.services import task_add
from opportune.workspaces.models import Membership, Role
from opportune.workspaces.services import invitation_create

WORKSPACE_ROUTE = "w/<slug:workspace_slug>/"
VIEWER, MEMBER, ADMIN = Role.VIEWER, Role.MEMBER, Role.ADMIN
POST_ONLY = "POST only"  # as read role: a GET answers 405
GET_ONLY = "GET only"  # as write role: nothing to write; a POST changes nothing

# Route name -> (minimum role to read it, minimum role to write to it).
ROUTES = {
    "workspace_home": (VIEWER, GET_ONLY),
    "reports": (VIEWER, GET_ONLY),
    "my_day": (VIEWER, GET_ONLY),
    "my_day_badge": (VIEWER, GET_ONLY),
    "reminder_done": (POST_ONLY, MEMBER),
    "reminder_snooze": (POST_ONLY, MEMBER),
    "task_done": (POST_ONLY, MEMBER),
    "task_snooze": (POST_ONLY, MEMBER),
    "workspaces:settings": (ADMIN, ADMIN),
    "workspaces:members": (ADMIN, ADMIN),
    "workspaces:member_role": (POST_ONLY, ADMIN),
    "workspaces:member_remove": (POST_ONLY, ADMIN),
    "workspaces:invitation_revoke": (POST_ONLY, ADMIN),
    "project:index": (ADMIN, GET_ONLY),
    "project:phase_create": (POST_ONLY, ADMIN),
    "project:phases_reorder": (POST_ONLY, ADMIN),
    "project:phase_edit": (ADMIN, ADMIN),
    "project:phase_move": (POST_ONLY, ADMIN),
    "project:phase_remove": (ADMIN, ADMIN),
    "project:category_create": (POST_ONLY, ADMIN),
    "project:category_edit": (ADMIN, ADMIN),
    "project:category_remove": (POST_ONLY, ADMIN),
    "project:tag_create": (POST_ONLY, ADMIN),
    "project:tag_edit": (ADMIN, ADMIN),
    "project:tag_remove": (POST_ONLY, ADMIN),
    "project:field_create": (ADMIN, ADMIN),
    "project:field_edit": (ADMIN, ADMIN),
    "project:field_move": (POST_ONLY, ADMIN),
    "project:field_remove": (ADMIN, ADMIN),
    "project:option_add": (POST_ONLY, ADMIN),
    "project:option_rename": (POST_ONLY, ADMIN),
    "project:option_remove": (ADMIN, ADMIN),
    "opportunities:list": (VIEWER, GET_ONLY),
    "opportunities:list_columns": (POST_ONLY, VIEWER),
    # Viewers keep views of their own (the walk uses one of the viewer's private views).
    "opportunities:view_save": (POST_ONLY, VIEWER),
    "opportunities:view_default": (POST_ONLY, VIEWER),
    "opportunities:view_open": (VIEWER, GET_ONLY),
    "opportunities:view_rename": (VIEWER, VIEWER),
    "opportunities:view_share": (POST_ONLY, VIEWER),
    "opportunities:view_move": (POST_ONLY, VIEWER),
    "opportunities:view_delete": (VIEWER, VIEWER),
    "opportunities:export_csv": (VIEWER, GET_ONLY),
    "opportunities:export_xlsx": (VIEWER, GET_ONLY),
    "opportunities:new": (MEMBER, MEMBER),
    "opportunities:organization_options": (VIEWER, GET_ONLY),
    "opportunities:edit": (MEMBER, MEMBER),
    "opportunities:move": (POST_ONLY, MEMBER),
    "opportunities:win": (POST_ONLY, MEMBER),
    "opportunities:lose": (POST_ONLY, MEMBER),
    "opportunities:reopen": (POST_ONLY, MEMBER),
    "opportunities:delete": (POST_ONLY, MEMBER),
    "opportunities:detail": (VIEWER, GET_ONLY),
    "opportunities:properties": (VIEWER, GET_ONLY),
    "opportunities:property": (MEMBER, MEMBER),
    "opportunities:organization": (VIEWER, MEMBER),
    "opportunities:member_add": (POST_ONLY, MEMBER),
    "opportunities:member_attitude": (POST_ONLY, MEMBER),
    "opportunities:member_remove": (POST_ONLY, MEMBER),
    "opportunities:history": (VIEWER, GET_ONLY),
    "opportunities:journal": (VIEWER, MEMBER),
    "opportunities:entry_edit": (MEMBER, MEMBER),
    "opportunities:entry_delete": (POST_ONLY, MEMBER),
    "opportunities:entry_reminder_done": (POST_ONLY, MEMBER),
    "opportunities:task_add": (POST_ONLY, MEMBER),
    "opportunities:task_done": (POST_ONLY, MEMBER),
    "opportunities:task_reopen": (POST_ONLY, MEMBER),
    "opportunities:task_reassign": (POST_ONLY, MEMBER),
    "opportunities:task_delete": (POST_ONLY, MEMBER),
    "organizations:list": (VIEWER, GET_ONLY),
    "organizations:new": (MEMBER, MEMBER),
    "organizations:key": (MEMBER, GET_ONLY),
    "organizations:detail": (VIEWER, GET_ONLY),
    "organizations:edit": (MEMBER, MEMBER),
    "organizations:delete": (POST_ONLY, MEMBER),
    "organizations:trash": (ADMIN, GET_ONLY),
    "organizations:restore": (POST_ONLY, ADMIN),
    "contacts:list": (VIEWER, GET_ONLY),
    "contacts:new": (MEMBER, MEMBER),
    "contacts:edit": (MEMBER, MEMBER),
    "contacts:vcard": (VIEWER, GET_ONLY),
    "contacts:delete": (POST_ONLY, MEMBER),
}

# The role just below each role that the table names.
BELOW = {MEMBER: VIEWER, ADMIN: MEMBER}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # the joined pattern strings, e.g. "w/<slug:workspace_slug>/o/<str:short_name>/"

    def __str__(self):
        return self.name

    @property
    def parameters(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.pattern)]

    def url(self, values: dict) -> str:
        """The address with each parameter replaced by its value, quoted like a browser would."""
        return "/" + PARAMETER.sub(lambda m: quote(str(values[m["name"]]), safe=""), self.pattern)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield Route(f"{namespace}{pattern.name}", prefix + str(pattern.pattern))


def workspace_routes() -> list[Route]:
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if route.pattern.startswith(WORKSPACE_ROUTE)
    ]


def objects_of(workspace, *, owner, member, viewer, opportunity, invitee) -> tuple[dict, dict]:
    """One real object of every kind in `workspace`, as the address values that reach them,
    and the `pk` of each route that names a different object by it.

    `member` wrote the journal entry (with a reminder for themselves) and is assigned the task,
    so each write's minimum role can act on it; `viewer` owns the saved view.
    """
    organization = opportunity.organization
    contact = contact_create(
        workspace=workspace,
        actor=member,
        organization=organization,
        first_name="Anna",
        last_name="Berg",
    )
    stakeholder = member_add(
        opportunity=opportunity, actor=member, attitude=Attitude.POSITIVE, contact=contact
    )
    today = timezone.localdate()
    entry = entry_post(
        opportunity=opportunity,
        author=member,
        mood=Mood.HAPPY,
        text="Called Anna.",
        reminder_on=today,
        reminder_for=member,
    )
    task = task_add(
        opportunity=opportunity, actor=member, title="Send offer", assignee=member, due_on=today
    )
    phase = pipeline.phase_create(
        workspace=workspace,
        name="Negotiation",
        colour="blue",
        default_probability=60,
        kind=PhaseKind.OPEN,
    )
    category = pipeline.category_create(workspace=workspace, name="Consulting")
    tag = tag_create(workspace=workspace, name="Priority", colour="red")
    field = pipeline.custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=True,
        options=["North", "South"],
    )
    owner_membership = Membership.objects.get(workspace=workspace, user=owner)
    invitation_create(actor=owner_membership, email=invitee, role=Role.MEMBER)
    invitation = workspace.invitations.get(email=invitee)
    view = saved_view_create(
        actor=Membership.objects.get(workspace=workspace, user=viewer),
        name="My pipeline",
        query="owner=me",
        is_shared=False,
    )
    trashed = organization_create(workspace=workspace, actor=owner, name="Gone Away Ltd")
    organization_delete(organization=trashed, actor=owner)
    values = {
        "workspace_slug": workspace.slug,
        "short_name": opportunity.short_name,
        "organization_pk": organization.pk,
        "entry_id": entry.pk,
        "task_id": task.pk,
        "member_id": stakeholder.pk,
        "membership_id": Membership.objects.get(workspace=workspace, user=member).pk,
        "invitation_id": invitation.pk,
        "phase_id": phase.pk,
        "category_id": category.pk,
        "tag_id": tag.pk,
        "field_id": field.pk,
        "option_id": field.options.first().pk,
        "view_id": view.pk,
        "name": "phase",
        "kind": "organizations",
    }
    # `pk` names a different object on different routes.
    pk_of = {"contacts": contact.pk, "organizations:restore": trashed.pk}
    return values, pk_of


def values_of(values: dict, pk_of: dict, route: Route) -> dict:
    namespace = route.name.partition(":")[0]
    pk = pk_of.get(route.name, pk_of.get(namespace, values["organization_pk"]))
    return {**values, "pk": pk}


@pytest.fixture
def cast(workspace, owner, admin, member, viewer, outsider, phases, opportunity):
    """The fixed cast signed in, and the address values of Acme's objects for each route."""
    values, pk_of = objects_of(
        workspace,
        owner=owner,
        member=member,
        viewer=viewer,
        opportunity=opportunity,
        invitee="nina@acme.example",
    )
    users = {VIEWER: viewer, MEMBER: member, ADMIN: admin, Role.OWNER: owner, "outsider": outsider}
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients, lambda route: values_of(values, pk_of, route)


def snapshot() -> dict:
    """Every row of every table of Opportune's apps, to compare before and after a request."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("opportune.")
    }


class _RollBack(Exception):
    pass


def post_and_roll_back(client, url) -> int:
    """The status of a POST whose writes are undone, so each check starts from the same rows."""
    with contextlib.suppress(_RollBack), transaction.atomic():
        status = client.post(url).status_code
        raise _RollBack
    return status


def test_every_workspace_route_is_in_the_table():
    names = {route.name for route in workspace_routes()}
    assert not names - ROUTES.keys(), "routes missing from ROUTES: " + ", ".join(
        sorted(names - ROUTES.keys())
    )
    assert not ROUTES.keys() - names, "ROUTES names routes that do not exist: " + ", ".join(
        sorted(ROUTES.keys() - names)
    )


@pytest.mark.parametrize("route", workspace_routes(), ids=str)
def test_route_answers_each_role_as_the_table_says(route, cast):
    assert route.name in ROUTES, f"{route.name} ({route.pattern}) is missing from ROUTES"
    read, write = ROUTES[route.name]
    clients, values_for = cast
    url = route.url(values_for(route))
    before = snapshot()

    # The workspace is checked first, so an outsider learns nothing, whatever the method.
    assert clients["outsider"].get(url).status_code == 404
    assert clients["outsider"].post(url).status_code == 404
    if write != VIEWER:  # a viewer's own writes get through, below
        assert clients[VIEWER].post(url).status_code in ({403, 405} if write == GET_ONLY else {403})
    if read == POST_ONLY:
        assert clients[Role.OWNER].get(url).status_code == 405
    elif read in BELOW:
        assert clients[BELOW[read]].get(url).status_code == 403
    if write in BELOW:
        assert clients[BELOW[write]].post(url).status_code == 403
    if write == GET_ONLY:
        assert clients[Role.OWNER].post(url).status_code < 500
    assert snapshot() == before, "a refused request or a read changed the database"

    # The minimum roles get through: the objects are real, so the 404s above are isolation.
    if read != POST_ONLY:
        assert clients[read].get(url).status_code < 400
        assert snapshot() == before, "a GET changed the database"
    if write != GET_ONLY:
        assert post_and_roll_back(clients[write], url) not in {403, 404, 405}


ODD_TEXT = [
    "²",
    "٣",
    "0",
    "-1",
    "99999999999999999999",
    "%00",
    "\x00",
    "a b",
    "x" * 3000,
    "..",
    "ß",
    "😀",
    "1e3",
    " 7",
    "\u202e",
]
odd_values = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=200))
QUERY_KEYS = [
    "organization",
    "page",
    "sort",
    "journal_page",
    "org_q",
    "q",
    "phase",
    "status",
    "owner",
    "category",
    "tag",
    "tags",
    "close_from",
    "created_to",
    "overdue",
    "count",
    "edit",
    "key",
    "key_proposed",
    "name",
]
odd_queries = st.dictionaries(st.sampled_from(QUERY_KEYS), odd_values, max_size=4)
ALLOWED = {200, 204, 302, 400, 403, 404, 405}


@pytest.mark.parametrize("route", workspace_routes(), ids=str)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_odd_values_in_the_address_never_answer_500(route, cast, data):
    clients, values_for = cast
    values = values_for(route)
    odd = data.draw(st.sampled_from(["", *route.parameters]), label="parameter")
    if odd:
        values[odd] = data.draw(odd_values, label="value")
    query = data.draw(odd_queries, label="query")
    # The client raises the view's exception, if any, so this also fails on every uncaught error.
    response = clients[Role.OWNER].get(route.url(values), query)
    assert response.status_code in ALLOWED


@pytest.mark.parametrize(
    "url",
    [
        "/w/acme/opportunities/organizations/?org_q=%00",
        "/w/acme/opportunities/?q=%00",
        "/w/acme/opportunities/?%00=1",
        "/w/acme/o/%00/",
        "/w/acme/organizations/?sort=name%00",
    ],
)
def test_nul_in_the_address_is_refused(owner_client, url):
    response = owner_client.get(url)

    assert response.status_code == 400
    assert response.content.decode() == "Bad request: the address contains a control character."


def test_nul_in_a_posted_form_is_refused_and_nothing_is_stored(member_client, opportunity):
    url = f"/w/acme/o/{opportunity.short_name}/journal/"

    response = member_client.post(url, {"mood": "happy", "text": "Called\x00 Anna."})

    assert response.status_code == 400
    assert response.content.decode() == "Bad request: the form contains a control character."
    assert not opportunity.journal_entries.exists()


@pytest.mark.parametrize(
    "url", ["/calendar/%00.ics", "/invitations/%00/", "/accounts/login/?next=%00"]
)
def test_nul_outside_workspaces_is_refused(client, db, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/calendar/%C2%B2.ics", "/invitations/%C2%B2/"])
def test_odd_tokens_outside_workspaces_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("organization", ["%C2%B2", "%D9%A3", "-1", "99999999999999999999", "1e3"])
def test_odd_organization_preset_is_ignored(member_client, bionic, organization):
    new = member_client.get(f"/w/acme/opportunities/new/?organization={organization}")
    options = member_client.get(f"/w/acme/opportunities/organizations/?organization={organization}")

    assert new.status_code == 200
    assert options.status_code == 200
    assert "selected" not in options.content.decode()


def test_organization_preset_is_selected(member_client, bionic):
    response = member_client.get(f"/w/acme/opportunities/organizations/?organization={bionic.pk}")

    assert f'value="{bionic.pk}" selected' in response.content.decode()


@pytest.mark.parametrize("pk", ["99999999999999999999", "9" * 19, "%C2%B2"])
def test_ids_beyond_64_bits_or_not_ascii_are_not_found(owner_client, bionic, pk):
    assert owner_client.get(f"/w/acme/organizations/{pk}/").status_code == 404


def test_ids_of_up_to_18_ascii_digits_reach_the_view():
    assert resolve(f"/w/acme/organizations/{'9' * 18}/").kwargs["pk"] == 10**18 - 1
    with pytest.raises(Resolver404):
        resolve(f"/w/acme/organizations/{'9' * 19}/")


@given(text=st.text(max_size=25))
def test_parse_id_takes_only_ascii_digits_that_fit_64_bits(text):
    parsed = parse_id(text)

    if parsed is None:
        assert not (text.isascii() and text.isdigit() and len(text) <= 18)
    else:
        assert 0 <= parsed < 2**63
        assert text.isascii() and text.isdigit()


@pytest.mark.parametrize("page", ["new", "edit"])
def test_viewer_is_refused_the_opportunity_forms(viewer_client, opportunity, page):
    url = (
        "/w/acme/opportunities/new/"
        if page == "new"
        else f"/w/acme/o/{opportunity.short_name}/edit/"
    )

    assert viewer_client.get(url).status_code == 403


def test_viewer_is_refused_a_property_form(viewer_client, opportunity):
    url = f"/w/acme/o/{opportunity.short_name}/properties/phase/"

    assert viewer_client.get(url, headers={"HX-Request": "true"}).status_code == 403


# Routes that name an object by an id or short name, not only the workspace.
OBJECT_ROUTES = [
    route
    for route in workspace_routes()
    if set(route.parameters) - {"workspace_slug", "name", "kind"}
]


@pytest.fixture
def globex_values(other_workspace, outsider, foreign_opportunity):
    """The address values of Globex's objects, of the same kinds as Acme's."""
    return objects_of(
        other_workspace,
        owner=outsider,
        member=outsider,
        viewer=outsider,
        opportunity=foreign_opportunity,
        invitee="nina@globex.example",
    )


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=str)
def test_another_workspaces_objects_are_not_found_under_ones_own(
    route, cast, globex_values, workspace
):
    """Acme's owner puts Globex's ids and short names into Acme's addresses: 404, no change."""
    clients, _ = cast
    values, pk_of = globex_values
    url = route.url({**values_of(values, pk_of, route), "workspace_slug": workspace.slug})
    before = snapshot()
    read, _write = ROUTES[route.name]
    assert clients[Role.OWNER].get(url).status_code == (405 if read == POST_ONLY else 404)
    assert clients[Role.OWNER].post(url).status_code == 404
    assert snapshot() == before
