"""Project settings pages: who may open them, and phases, categories and tags through them.

Custom fields and their options: test_project_fields.py.
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportune.opportunities import services
from opportune.opportunities.models import History, Opportunity
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import Category, FieldType, Phase, PhaseKind
from opportune.tags.models import Tag
from opportune.tags.services import tag_create

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args, workspace="acme"):
    return reverse(f"project:{name}", args=[workspace, *args])


def _project(workspace):
    pipeline_services.create_defaults(sender=None, workspace=workspace)
    field = pipeline_services.custom_field_create(
        workspace=workspace,
        label="Region",
        key="region",
        type=FieldType.SINGLE_SELECT,
        is_required=False,
        is_shown_in_list=True,
        options=["North", "South"],
    )
    return SimpleNamespace(
        phase=Phase.objects.in_workspace(workspace).first(),
        category=Category.objects.in_workspace(workspace).first(),
        tag=tag_create(workspace=workspace, name="Key account", colour="red"),
        field=field,
        option=field.options.first(),
    )


@pytest.fixture
def acme(workspace):
    return _project(workspace)


@pytest.fixture
def globex(other_workspace):
    return _project(other_workspace)


@pytest.fixture
def phases(acme, workspace):
    return {phase.name: phase for phase in Phase.objects.in_workspace(workspace)}


def _names(workspace):
    return list(Phase.objects.in_workspace(workspace).values_list("name", flat=True))


# Who may open what

PAGES = [
    ("index", lambda d: []),
    ("phase_edit", lambda d: [d.phase.pk]),
    ("phase_remove", lambda d: [d.phase.pk]),
    ("category_edit", lambda d: [d.category.pk]),
    ("tag_edit", lambda d: [d.tag.pk]),
    ("field_create", lambda d: []),
    ("field_edit", lambda d: [d.field.pk]),
    ("field_remove", lambda d: [d.field.pk]),
    ("option_remove", lambda d: [d.field.pk, d.option.pk]),
]
POST_ONLY = [
    ("phase_create", lambda d: []),
    ("phases_reorder", lambda d: []),
    ("phase_move", lambda d: [d.phase.pk]),
    ("category_create", lambda d: []),
    ("category_remove", lambda d: [d.category.pk]),
    ("tag_create", lambda d: []),
    ("tag_remove", lambda d: [d.tag.pk]),
    ("field_move", lambda d: [d.field.pk]),
    ("option_add", lambda d: [d.field.pk]),
    ("option_rename", lambda d: [d.field.pk, d.option.pk]),
]
WITHOUT_OBJECT = {
    "index",
    "field_create",
    "phase_create",
    "phases_reorder",
    "category_create",
    "tag_create",
}
WITH_OBJECT = [route for route in PAGES + POST_ONLY if route[0] not in WITHOUT_OBJECT]


@pytest.mark.parametrize("who", ["viewer_client", "member_client"])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_are_forbidden_below_admin(request, acme, who, name, args):
    client = request.getfixturevalue(who)
    assert client.get(url(name, *args(acme))).status_code == 403


@pytest.mark.parametrize("who", ["viewer_client", "member_client"])
@pytest.mark.parametrize(("name", "args"), PAGES + POST_ONLY)
def test_changes_are_forbidden_below_admin(request, acme, who, name, args):
    client = request.getfixturevalue(who)
    assert client.post(url(name, *args(acme)), {"name": "X", "label": "X"}).status_code == 403
    assert Phase.objects.filter(name="X").count() == 0


@pytest.mark.parametrize("who", ["admin_client", "owner_client"])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_admins_and_owners_open_every_page(request, acme, who, name, args):
    client = request.getfixturevalue(who)
    assert client.get(url(name, *args(acme))).status_code == 200


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_of_another_workspace_answer_404(outsider_client, acme, name, args):
    assert outsider_client.get(url(name, *args(acme))).status_code == 404


@pytest.mark.parametrize(("name", "args"), PAGES + POST_ONLY)
def test_changes_in_another_workspace_answer_404(outsider_client, acme, name, args):
    assert outsider_client.post(url(name, *args(acme)), {"name": "X"}).status_code == 404
    assert Phase.objects.filter(name="X").count() == 0


@pytest.mark.parametrize(("name", "args"), WITH_OBJECT)
def test_objects_of_another_workspace_answer_404(admin_client, acme, globex, name, args):
    target = url(name, *args(globex))
    if (name, args) in PAGES:
        assert admin_client.get(target).status_code == 404
    assert admin_client.post(target, {"name": "X", "label": "X"}).status_code == 404
    assert Phase.objects.filter(name="X").count() == 0


def test_option_of_another_field_answers_404(admin_client, acme, workspace):
    other = pipeline_services.custom_field_create(
        workspace=workspace,
        label="Segment",
        key="segment",
        type=FieldType.MULTI_SELECT,
        is_required=False,
        is_shown_in_list=False,
        options=["SME"],
    )
    response = admin_client.get(url("option_remove", other.pk, acme.option.pk))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "args"), POST_ONLY)
def test_post_only_routes_refuse_get_with_405(admin_client, acme, name, args):
    assert admin_client.get(url(name, *args(acme))).status_code == 405


def test_settings_navigation_links_to_project_settings(admin_client, workspace):
    page = admin_client.get(reverse("workspaces:settings", args=["acme"])).content.decode()
    assert f'href="{url("index")}"' in page
    page = admin_client.get(url("index")).content.decode()
    assert f'<a href="{url("index")}" aria-current="page">Project settings</a>' in page


def test_index_lists_phases_categories_tags_and_fields(admin_client, acme):
    page = admin_client.get(url("index")).content.decode()
    for text in [
        "Uncontacted",
        "Finished",
        "Onboarding",
        "Key account",
        "Region",
        "Move Research down",
    ]:
        assert text in page


def test_index_queries_do_not_grow_with_its_rows(admin_client, acme, workspace):
    admin_client.get(url("index"))  # the first visit stores the workspace in the session
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url("index")).status_code == 200
    for n in range(5):
        pipeline_services.phase_create(
            workspace=workspace, name=f"Extra {n}", colour="red", default_probability=0, kind="open"
        )
        pipeline_services.category_create(workspace=workspace, name=f"Extra {n}")
        tag_create(workspace=workspace, name=f"Extra {n}", colour="red")
        pipeline_services.custom_field_create(
            workspace=workspace,
            label=f"Extra {n}",
            key=f"extra_{n}",
            type=FieldType.MULTI_SELECT,
            is_required=False,
            is_shown_in_list=False,
            options=["A", "B"],
        )
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url("index")).status_code == 200
    assert len(many) == len(few)


# Phases


def test_admin_adds_a_phase_at_the_end(admin_client, phases, workspace):
    response = admin_client.post(
        url("phase_create"),
        {"name": "Negotiation", "colour": "pink", "default_probability": "60", "kind": "open"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("index") + "#phases"
    phase = Phase.objects.get(workspace=workspace, name="Negotiation")
    assert (phase.colour, phase.default_probability, phase.kind) == ("pink", 60, "open")
    assert _names(workspace)[-1] == "Negotiation"
    assert "Phase “Negotiation” added." in admin_client.get(url("index")).content.decode()


def test_duplicate_phase_name_is_refused_at_the_field(admin_client, phases, workspace):
    response = admin_client.post(
        url("phase_create"),
        {"name": "Research", "colour": "blue", "default_probability": "10", "kind": "open"},
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="phase_name_error">This name is already in use.</p>'
        in response.content.decode()
    )
    assert Phase.objects.in_workspace(workspace).filter(name="Research").count() == 1


def test_probability_above_100_is_refused_at_the_field(admin_client, phases, workspace):
    response = admin_client.post(
        url("phase_create"),
        {"name": "Dream", "colour": "blue", "default_probability": "120", "kind": "open"},
    )
    assert response.status_code == 200
    assert 'id="phase_default_probability_error"' in response.content.decode()
    assert not Phase.objects.filter(name="Dream").exists()


def test_admin_renames_and_recolours_a_phase(admin_client, phases):
    research = phases["Research"]
    response = admin_client.post(
        url("phase_edit", research.pk),
        {"name": "Discovery", "colour": "purple", "default_probability": "15", "kind": "open"},
    )
    assert response.status_code == 302
    research.refresh_from_db()
    assert (research.name, research.colour, research.default_probability) == (
        "Discovery",
        "purple",
        15,
    )


def test_renaming_a_phase_to_a_taken_name_is_refused_at_the_field(admin_client, phases):
    response = admin_client.post(
        url("phase_edit", phases["Research"].pk),
        {"name": "Won", "colour": "blue", "default_probability": "10", "kind": "open"},
    )
    assert response.status_code == 200
    assert '<p class="field-error" id="id_name_error">This name is already in use.</p>' in (
        response.content.decode()
    )


def _leave_one_open_phase(phases, keep="Research"):
    for phase in phases.values():
        if phase.kind == PhaseKind.OPEN and phase.name != keep:
            pipeline_services.phase_update(
                phase=phase,
                name=phase.name,
                colour=phase.colour,
                default_probability=0,
                kind=PhaseKind.LOST,
            )


def test_last_open_phase_cannot_be_turned_won(admin_client, phases):
    _leave_one_open_phase(phases)
    response = admin_client.post(
        url("phase_edit", phases["Research"].pk),
        {"name": "Research", "colour": "blue", "default_probability": "10", "kind": "won"},
    )
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="id_kind_error">At least one open phase must remain.</p>'
        in response.content.decode()
    )
    phases["Research"].refresh_from_db()
    assert phases["Research"].kind == PhaseKind.OPEN


def test_last_open_phase_cannot_be_removed(admin_client, phases):
    _leave_one_open_phase(phases)
    response = admin_client.post(url("phase_remove", phases["Research"].pk))
    assert response.status_code == 200
    assert "At least one open phase must remain." in response.content.decode()
    assert Phase.objects.filter(pk=phases["Research"].pk).exists()


def test_dragged_order_is_saved(admin_client, phases, workspace):
    ids = [phase.pk for phase in phases.values()]
    reordered = [ids[2], ids[0], ids[1], *ids[3:]]
    response = admin_client.post(url("phases_reorder"), {"order": ",".join(map(str, reordered))})
    assert response.status_code == 302
    assert list(Phase.objects.in_workspace(workspace).values_list("pk", flat=True)) == reordered


def test_drag_through_htmx_answers_the_phase_list_in_the_new_order(admin_client, phases):
    ids = [phase.pk for phase in phases.values()]
    reordered = [*ids[1:], ids[0]]
    response = admin_client.post(
        url("phases_reorder"), {"order": ",".join(map(str, reordered))}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<div id="phase-region">')
    assert page.index("Research") < page.index("Uncontacted")


def test_drag_that_lost_a_race_answers_the_current_order_with_a_message(
    admin_client, phases, workspace
):
    before = _names(workspace)
    stale = [phase.pk for phase in phases.values()][1:]  # another admin added or removed one
    response = admin_client.post(
        url("phases_reorder"), {"order": ",".join(map(str, stale))}, **HTMX
    )
    assert response.status_code == 200
    assert "The phases have changed meanwhile; reload and try again." in response.content.decode()
    assert _names(workspace) == before


def test_unreadable_order_is_refused_without_change(admin_client, phases, workspace):
    before = _names(workspace)
    response = admin_client.post(url("phases_reorder"), {"order": "1,two"})
    assert response.status_code == 302
    assert _names(workspace) == before


def test_move_down_button_swaps_a_phase_with_the_next(admin_client, phases, workspace):
    response = admin_client.post(url("phase_move", phases["Research"].pk), {"direction": "down"})
    assert response.status_code == 302
    assert _names(workspace)[:3] == ["Uncontacted", "Contact made", "Research"]


def test_move_up_button_through_htmx_answers_the_phase_list(admin_client, phases, workspace):
    response = admin_client.post(
        url("phase_move", phases["Research"].pk), {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="phase-{}-up"'.format(phases["Research"].pk) in response.content.decode()
    assert _names(workspace)[:2] == ["Research", "Uncontacted"]


def test_moving_the_first_phase_up_keeps_the_order(admin_client, phases, workspace):
    before = _names(workspace)
    admin_client.post(url("phase_move", phases["Uncontacted"].pk), {"direction": "up"})
    assert _names(workspace) == before


def test_removing_an_empty_phase_needs_no_target(admin_client, phases):
    page = admin_client.get(url("phase_remove", phases["Reminder"].pk)).content.decode()
    assert "No opportunity is in this phase." in page and 'name="move_to"' not in page
    response = admin_client.post(url("phase_remove", phases["Reminder"].pk))
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=phases["Reminder"].pk).exists()


def _opportunities_in(phase, workspace, actor, organization, count):
    return [
        services.opportunity_create(
            workspace=workspace,
            actor=actor,
            organization=organization,
            name=f"Deal {n}",
            phase=phase,
        )
        for n in range(count)
    ]


def test_removal_page_counts_opportunities_including_trashed(
    admin_client, phases, workspace, admin, bionic
):
    held = _opportunities_in(phases["Research"], workspace, admin, bionic, 3)
    services.opportunity_delete(opportunity=held[0], actor=admin)
    page = admin_client.get(url("phase_remove", phases["Research"].pk)).content.decode()
    assert "3 opportunities are in “Research”" in page
    assert 'name="move_to"' in page
    assert '<option value="{}"'.format(phases["Research"].pk) not in page


def test_removing_a_phase_with_opportunities_requires_a_target(
    admin_client, phases, workspace, admin, bionic
):
    _opportunities_in(phases["Research"], workspace, admin, bionic, 1)
    response = admin_client.post(url("phase_remove", phases["Research"].pk), {"move_to": ""})
    assert response.status_code == 200
    assert 'id="id_move_to_error"' in response.content.decode()
    assert Phase.objects.filter(pk=phases["Research"].pk).exists()


def test_removing_a_phase_moves_its_opportunities_and_records_history(
    admin_client, phases, workspace, admin, bionic
):
    research, reminder = phases["Research"], phases["Reminder"]
    held = _opportunities_in(research, workspace, admin, bionic, 2)
    services.opportunity_delete(opportunity=held[1], actor=admin)
    response = admin_client.post(url("phase_remove", research.pk), {"move_to": reminder.pk})
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=research.pk).exists()
    for opportunity in held:
        opportunity = Opportunity.objects.get(pk=opportunity.pk)
        assert opportunity.phase == reminder
        entry = opportunity.history.get(field=History.Field.PHASE)
        assert (entry.old_label, entry.new_label, entry.actor) == ("Research", "Reminder", admin)
    page = admin_client.get(url("index")).content.decode()
    assert "Phase “Research” removed; 2 opportunities moved to “Reminder”." in page


def test_refused_removal_moves_no_opportunity(admin_client, phases, workspace, admin, bionic):
    """The moves and the removal are one transaction: when the removal is refused, nothing moved."""
    _leave_one_open_phase(phases)
    held = _opportunities_in(phases["Research"], workspace, admin, bionic, 2)
    response = admin_client.post(
        url("phase_remove", phases["Research"].pk), {"move_to": phases["Won"].pk}
    )
    assert response.status_code == 200
    assert {o.phase_id for o in Opportunity.objects.filter(pk__in=[o.pk for o in held])} == {
        phases["Research"].pk
    }
    assert not History.objects.filter(field=History.Field.PHASE).exists()


def test_opportunities_cannot_move_to_a_phase_of_another_workspace(
    admin_client, phases, globex, workspace, admin, bionic
):
    _opportunities_in(phases["Research"], workspace, admin, bionic, 1)
    response = admin_client.post(
        url("phase_remove", phases["Research"].pk), {"move_to": globex.phase.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert Phase.objects.filter(pk=phases["Research"].pk).exists()


# Categories


def test_admin_adds_a_category(admin_client, acme, workspace):
    response = admin_client.post(url("category_create"), {"name": "Consulting"})
    assert response.status_code == 302
    assert response["Location"] == url("index") + "#categories"
    assert Category.objects.in_workspace(workspace).filter(name="Consulting").exists()


def test_duplicate_category_is_refused_at_the_field(admin_client, acme, workspace):
    response = admin_client.post(url("category_create"), {"name": "Onboarding"})
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="category_name_error">This name is already in use.</p>'
        in response.content.decode()
    )


def test_admin_renames_a_category(admin_client, acme):
    response = admin_client.post(url("category_edit", acme.category.pk), {"name": "Setup"})
    assert response.status_code == 302
    acme.category.refresh_from_db()
    assert acme.category.name == "Setup"


def test_removing_a_category_keeps_its_opportunities(admin_client, acme, workspace, admin, bionic):
    opportunity = services.opportunity_create(
        workspace=workspace, actor=admin, organization=bionic, name="Deal", category=acme.category
    )
    response = admin_client.post(url("category_remove", acme.category.pk))
    assert response.status_code == 302
    assert not Category.objects.filter(pk=acme.category.pk).exists()
    opportunity.refresh_from_db()
    assert opportunity.category is None


# Tags


def test_admin_adds_a_tag(admin_client, acme, workspace):
    response = admin_client.post(url("tag_create"), {"name": "Strategic", "colour": "teal"})
    assert response.status_code == 302
    assert Tag.objects.get(workspace=workspace, name="Strategic").colour == "teal"
    page = admin_client.get(url("index")).content.decode()
    assert '<span class="chip c-teal">Strategic</span>' in page


def test_duplicate_tag_is_refused_at_the_field_whatever_the_case(admin_client, acme):
    response = admin_client.post(url("tag_create"), {"name": "key ACCOUNT", "colour": "teal"})
    assert response.status_code == 200
    assert (
        '<p class="field-error" id="tag_name_error">This name is already in use.</p>'
        in response.content.decode()
    )


def test_unknown_colour_is_refused_at_the_field(admin_client, acme):
    response = admin_client.post(url("tag_create"), {"name": "Odd", "colour": "magenta"})
    assert response.status_code == 200
    assert 'id="tag_colour_error"' in response.content.decode()


def test_admin_renames_and_recolours_a_tag(admin_client, acme):
    response = admin_client.post(
        url("tag_edit", acme.tag.pk), {"name": "Top account", "colour": "green"}
    )
    assert response.status_code == 302
    acme.tag.refresh_from_db()
    assert (acme.tag.name, acme.tag.colour) == ("Top account", "green")


def test_admin_removes_a_tag(admin_client, acme):
    response = admin_client.post(url("tag_remove", acme.tag.pk))
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=acme.tag.pk).exists()
