"""Tasks on the opportunity page: add, complete, reopen, reassign, delete, and who may."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opportune.tasks import services
from opportune.tasks.models import Task

PAGE = "/w/acme/o/BION-1/"
TASKS = PAGE + "tasks/"
HTMX = {"HTTP_HX_REQUEST": "true"}
ACTIONS = ["done", "reopen", "assignee", "delete"]


def task_url(task, action):
    return f"{TASKS}{task.pk}/{action}/"


@pytest.fixture
def task(opportunity, member):
    return services.task_add(
        opportunity=opportunity, actor=member, title="Send the offer", assignee=member
    )


# Adding


def test_member_adds_a_task_with_a_due_date(member_client, member, opportunity):
    response = member_client.post(
        TASKS, {"title": "Send the offer", "assignee": member.pk, "due_on": "16/07/2026"}
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    task = Task.objects.get()
    assert task.title == "Send the offer"
    assert task.due_on == datetime.date(2026, 7, 16)
    assert task.assignee == member
    assert task.created_by == member
    assert task.opportunity == opportunity
    assert task.done_at is None
    page = member_client.get(PAGE).content.decode()
    assert "Send the offer" in page
    assert "16/07/2026" in page


def test_adding_with_htmx_returns_the_task_list(member_client, opportunity):
    response = member_client.post(TASKS, {"title": "Call back", "due_on": "2026-07-16"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "agenda-changed"
    html = response.content.decode()
    assert html.startswith('<section class="card" id="tasks"')
    assert "Call back" in html
    assert Task.objects.get().due_on == datetime.date(2026, 7, 16)


def test_german_user_enters_the_due_date_in_german_format(member_client, member, opportunity):
    member.language = "de"
    member.save()

    member_client.post(TASKS, {"title": "Angebot senden", "due_on": "16.07.2026"})

    assert Task.objects.get().due_on == datetime.date(2026, 7, 16)


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_refused_at_the_field_and_no_task_saved(member_client, opportunity, title):
    response = member_client.post(TASKS, {"title": title, "due_on": "16/07/2026"}, **HTMX)

    assert response.status_code == 422
    assert (
        '<p class="field-error" id="id_title_error">This field is required.</p>'
        in response.content.decode()
    )
    assert not Task.objects.exists()


def test_invalid_due_date_is_refused_at_the_field(member_client, opportunity):
    response = member_client.post(TASKS, {"title": "Call", "due_on": "31/02/2026"}, **HTMX)

    assert response.status_code == 422
    assert 'id="id_due_on_error">Enter a valid date' in response.content.decode()
    assert not Task.objects.exists()


def test_empty_title_without_htmx_redirects_with_a_message(member_client, opportunity):
    response = member_client.post(TASKS, {"title": ""}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "This field is required." in response.content.decode()
    assert not Task.objects.exists()


def test_adding_a_task_for_a_non_member_is_refused(member_client, outsider, opportunity):
    response = member_client.post(TASKS, {"title": "Call", "assignee": outsider.pk}, **HTMX)

    assert response.status_code == 422
    assert "Choose a member of this workspace." in response.content.decode()
    assert not Task.objects.exists()


# Complete, reopen, reassign, delete


def test_member_completes_a_task(member_client, task):
    response = member_client.post(task_url(task, "done"))

    assert response.status_code == 302
    assert response["Location"] == PAGE
    task.refresh_from_db()
    assert task.is_done


def test_completing_twice_keeps_the_first_completion_time(member_client, task):
    member_client.post(task_url(task, "done"))
    task.refresh_from_db()
    first = task.done_at

    member_client.post(task_url(task, "done"))

    task.refresh_from_db()
    assert task.done_at == first


def test_member_reopens_a_done_task(member_client, member, task):
    services.task_complete(task=task, actor=member)

    response = member_client.post(task_url(task, "reopen"), **HTMX)

    assert response.status_code == 200
    task.refresh_from_db()
    assert not task.is_done


def test_member_reassigns_a_task_to_another_member(member_client, admin, task):
    response = member_client.post(task_url(task, "assignee"), {"assignee": admin.pk}, **HTMX)

    assert response.status_code == 200
    task.refresh_from_db()
    assert task.assignee == admin


def test_member_unassigns_a_task(member_client, task):
    response = member_client.post(task_url(task, "assignee"), {"assignee": ""})

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee is None


def test_reassigning_to_a_non_member_is_refused(member_client, member, outsider, task):
    response = member_client.post(task_url(task, "assignee"), {"assignee": outsider.pk}, **HTMX)

    assert response.status_code == 422
    assert "Choose a member of this workspace." in response.content.decode()
    task.refresh_from_db()
    assert task.assignee == member


def test_reassigning_to_a_non_member_without_htmx_redirects_with_a_message(
    member_client, member, outsider, task
):
    response = member_client.post(
        task_url(task, "assignee"), {"assignee": outsider.pk}, follow=True
    )

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Choose a member of this workspace." in response.content.decode()
    task.refresh_from_db()
    assert task.assignee == member


def test_refused_reassignment_shows_the_add_form_intact(member_client, outsider, task):
    """The 422 fragment must still offer a working "add task" form (title field included)."""
    response = member_client.post(task_url(task, "assignee"), {"assignee": outsider.pk}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert 'name="title"' in html
    assert "Choose a member of this workspace." in html


def test_service_refuses_reassigning_to_a_non_member(member, outsider, task):
    with pytest.raises(ValidationError):
        services.task_reassign(task=task, actor=member, assignee=outsider)

    task.refresh_from_db()
    assert task.assignee == member


def test_member_deletes_a_task(member_client, task):
    response = member_client.post(task_url(task, "delete"), **HTMX)

    assert response.status_code == 200
    assert "Send the offer" not in response.content.decode()
    assert not Task.objects.exists()


# Who may change a task: its assignee, its creator, an admin or owner (one rule, in the
# service, for the opportunity page and My day alike); any member may add one

CHANGE_RULE = [
    # (creator, assignee, who acts, allowed)
    ("admin", "member", "member", True),  # the assignee
    ("member", "admin", "member", True),  # its creator
    ("member", "member", "admin", True),  # an admin
    ("member", "member", "owner", True),  # an owner
    ("admin", "admin", "member", False),  # another member
    ("owner", None, "member", False),
]


def stored(task):
    return Task.objects.filter(pk=task.pk).values().first()


def make_task(opportunity, cast, creator, assignee, done=False):
    task = services.task_add(
        opportunity=opportunity,
        actor=cast[creator],
        title="Send the offer",
        assignee=cast.get(assignee),
        due_on=datetime.date(2026, 7, 16),
    )
    if done:
        services.task_complete(task=task, actor=cast[creator])
    return task


def the_cast(request, *names):
    return {name: request.getfixturevalue(name) for name in names if name}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("creator", "assignee", "actor", "allowed"), CHANGE_RULE)
def test_who_may_change_a_task_on_the_opportunity_page(
    request, client, opportunity, creator, assignee, actor, allowed, action
):
    cast = the_cast(request, creator, assignee, actor)
    task = make_task(opportunity, cast, creator, assignee, done=action == "reopen")
    before = stored(task)
    client.force_login(cast[actor])

    response = client.post(task_url(task, action), {"assignee": ""})

    if allowed:
        assert response.status_code == 302
        assert stored(task) != before
    else:
        assert response.status_code == 403
        assert stored(task) == before


@pytest.mark.parametrize(("creator", "assignee", "actor", "allowed"), CHANGE_RULE)
def test_the_service_applies_the_same_rule_to_every_change(
    request, opportunity, creator, assignee, actor, allowed
):
    cast = the_cast(request, creator, assignee, actor)
    task = make_task(opportunity, cast, creator, assignee)
    before = stored(task)
    changes = [
        lambda: services.task_snooze(task=task, actor=cast[actor], until=datetime.date(2026, 8, 1)),
        lambda: services.task_reassign(task=task, actor=cast[actor], assignee=cast[actor]),
        lambda: services.task_complete(task=task, actor=cast[actor]),
        lambda: services.task_reopen(task=task, actor=cast[actor]),
        lambda: services.task_delete(task=task, actor=cast[actor]),
    ]

    if allowed:
        for change in changes:
            change()
        assert stored(task) is None
    else:
        for change in changes:
            with pytest.raises(PermissionDenied):
                change()
        assert stored(task) == before


@pytest.mark.parametrize("actor", ["viewer", "outsider"])
def test_the_service_refuses_viewers_and_outsiders_even_for_their_own_task(
    request, member, opportunity, actor
):
    task = services.task_add(opportunity=opportunity, actor=member, title="Send the offer")
    # The task names them, as if they had been editors when it was written.
    Task.objects.filter(pk=task.pk).update(assignee=request.getfixturevalue(actor))
    task.refresh_from_db()
    before = stored(task)

    with pytest.raises(PermissionDenied):
        services.task_complete(task=task, actor=task.assignee)
    with pytest.raises(PermissionDenied):
        services.task_delete(task=task, actor=task.assignee)
    assert stored(task) == before


def test_the_page_offers_controls_only_for_tasks_one_may_change(
    member_client, member, admin, opportunity
):
    for_mia = services.task_add(
        opportunity=opportunity, actor=admin, title="Mia's", assignee=member
    )
    adams = services.task_add(opportunity=opportunity, actor=admin, title="Adam's", assignee=admin)

    page = member_client.get(PAGE).content.decode()

    for action in ACTIONS[:1] + ACTIONS[2:]:
        assert task_url(for_mia, action) in page
        assert task_url(adams, action) not in page
    assert "· Adam Admin" in page


# Counting


def test_open_task_count_is_the_tasks_not_done(member, opportunity, make_opportunity):
    tasks = [
        services.task_add(opportunity=opportunity, actor=member, title=f"Task {n}")
        for n in range(4)
    ]
    other = make_opportunity(name="Second deal")
    services.task_add(opportunity=other, actor=member, title="Elsewhere")
    services.task_complete(task=tasks[0], actor=member)
    services.task_complete(task=tasks[1], actor=member)
    services.task_reopen(task=tasks[1], actor=member)

    assert Task.objects.open().count() == 4
    assert Task.objects.open().filter(opportunity=opportunity).count() == 3
    assert Task.objects.filter(opportunity=opportunity).count() == 4


def test_overdue_open_task_is_marked_on_the_page(member_client, member, opportunity):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.task_add(opportunity=opportunity, actor=member, title="Late", due_on=yesterday)

    page = member_client.get(PAGE).content.decode()

    assert f'<span class="overdue">{yesterday.strftime("%d/%m/%Y")}</span>' in page


# Access


@pytest.mark.parametrize("action", ACTIONS)
def test_viewer_cannot_change_a_task(viewer_client, admin, task, action):
    response = viewer_client.post(task_url(task, action), {"assignee": admin.pk})

    assert response.status_code == 403
    assert Task.objects.get() == task
    task.refresh_from_db()
    assert not task.is_done


def test_viewer_cannot_add_a_task(viewer_client, opportunity):
    response = viewer_client.post(TASKS, {"title": "Vic's task"})

    assert response.status_code == 403
    assert not Task.objects.exists()


def test_viewer_sees_tasks_without_controls(viewer_client, task):
    page = viewer_client.get(PAGE).content.decode()

    assert "Send the offer" in page
    assert task_url(task, "done") not in page
    assert "+ Add task" not in page


@pytest.mark.parametrize("action", ACTIONS)
def test_outsider_gets_404_on_task_actions(outsider_client, outsider, task, action):
    response = outsider_client.post(task_url(task, action), {"assignee": ""}, **HTMX)

    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.is_done
    assert task.assignee is not None


def test_outsider_gets_404_when_adding(outsider_client, opportunity):
    response = outsider_client.post(TASKS, {"title": "Oscar's task"})

    assert response.status_code == 404
    assert not Task.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
@pytest.mark.parametrize("action", ACTIONS)
def test_action_urls_refuse_other_methods(member_client, task, action, method):
    response = getattr(member_client, method)(task_url(task, action))

    assert response.status_code == 405
    assert Task.objects.filter(pk=task.pk, done_at__isnull=True).exists()


def test_add_url_refuses_get(member_client, opportunity):
    assert member_client.get(TASKS).status_code == 405


@pytest.mark.parametrize("action", ACTIONS)
def test_task_of_another_workspace_answers_404(
    admin_client, outsider, opportunity, foreign_opportunity, action
):
    foreign = services.task_add(
        opportunity=foreign_opportunity, actor=outsider, title="Globex task", assignee=outsider
    )

    response = admin_client.post(task_url(foreign, action), {"assignee": ""})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_done
    assert foreign.assignee == outsider


@pytest.mark.parametrize("action", ACTIONS)
def test_task_of_another_opportunity_answers_404(
    admin_client, member, opportunity, make_opportunity, action
):
    other = services.task_add(
        opportunity=make_opportunity(name="Second deal"),
        actor=member,
        title="Other",
        assignee=member,
    )

    response = admin_client.post(task_url(other, action), {"assignee": ""})

    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_done
    assert other.assignee == member


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_the_service_lets_only_members_add_tasks(request, who, opportunity):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.task_add(opportunity=opportunity, actor=person, title="Call back")
    assert not Task.objects.exists()
