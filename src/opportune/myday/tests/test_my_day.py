"""My day: a person's open reminders and tasks, overdue / today / next 7 days, one click to
mark done or snooze, and the navigation badge."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportune.journal import services as journal_services
from opportune.journal.models import JournalEntry
from opportune.myday import agenda
from opportune.opportunities import services as opportunity_services
from opportune.organizations.services import organization_create
from opportune.tasks import services as task_services
from opportune.tasks.models import Task
from opportune.testing import factories
from opportune.workspaces.models import Role

MY_DAY = "/w/acme/my-day/"
HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = datetime.date(2026, 11, 25)  # a Wednesday


def days(n, today=TODAY):
    return today + datetime.timedelta(days=n)


def remind(opportunity, person, on, text="Follow up", author=None):
    return journal_services.entry_post(
        opportunity=opportunity,
        author=author or person,
        mood="neutral",
        text=text,
        reminder_on=on,
        reminder_for=person,
    )


def todo(opportunity, person, due_on, title="To do"):
    return task_services.task_add(
        opportunity=opportunity, actor=person, title=title, assignee=person, due_on=due_on
    )


def subjects(section):
    return [item.subject for item in section.items]


def url(kind, item, action):
    plural = "reminders" if kind == "reminder" else "tasks"
    return f"{MY_DAY}{plural}/{item.pk}/{action}/"


# The agenda


def test_agenda_groups_overdue_today_and_next_seven_days(member, opportunity):
    overdue_reminder = remind(opportunity, member, days(-3))
    overdue_task = todo(opportunity, member, days(-1))
    today_reminder = remind(opportunity, member, TODAY)
    today_task = todo(opportunity, member, TODAY)
    tomorrow_task = todo(opportunity, member, days(1))
    last_day_reminder = remind(opportunity, member, days(7))

    result = agenda.agenda_for(member, opportunity.workspace, today=TODAY)

    assert subjects(result.overdue) == [overdue_reminder, overdue_task]
    assert subjects(result.today) == [today_reminder, today_task]
    assert subjects(result.upcoming) == [tomorrow_task, last_day_reminder]
    assert [item.kind for item in result.today.items] == ["reminder", "task"]
    assert result.due_count == 4


def test_items_beyond_seven_days_are_not_shown(member, opportunity):
    remind(opportunity, member, days(8))
    todo(opportunity, member, days(30))

    assert agenda.agenda_for(member, opportunity.workspace, today=TODAY).is_empty


def test_tasks_without_a_due_date_are_not_shown(member, opportunity):
    todo(opportunity, member, None)

    assert agenda.agenda_for(member, opportunity.workspace, today=TODAY).is_empty


def test_done_items_are_not_shown(member, opportunity):
    entry = remind(opportunity, member, TODAY)
    task = todo(opportunity, member, days(-1))
    journal_services.reminder_done(entry=entry, actor=member)
    task_services.task_complete(task=task, actor=member)

    assert agenda.agenda_for(member, opportunity.workspace, today=TODAY).is_empty


def test_other_peoples_items_are_not_shown(member, admin, opportunity):
    remind(opportunity, admin, TODAY, author=member)
    todo(opportunity, admin, TODAY)

    assert agenda.agenda_for(member, opportunity.workspace, today=TODAY).is_empty
    assert agenda.agenda_for(admin, opportunity.workspace, today=TODAY).due_count == 2


def test_reminders_and_tasks_of_trashed_opportunities_are_not_shown(
    member, opportunity, make_opportunity
):
    trashed = make_opportunity(name="Dead deal")
    remind(trashed, member, TODAY)
    todo(trashed, member, TODAY)
    kept = remind(opportunity, member, TODAY)
    opportunity_services.opportunity_delete(opportunity=trashed, actor=member)

    result = agenda.agenda_for(member, opportunity.workspace, today=TODAY)

    assert subjects(result.today) == [kept]
    assert agenda.due_count(member, opportunity.workspace, today=TODAY) == 1


def test_items_of_another_workspace_are_not_shown(member, opportunity, foreign_opportunity):
    factories.MembershipFactory(
        workspace=foreign_opportunity.workspace, user=member, role=Role.MEMBER
    )
    remind(foreign_opportunity, member, TODAY)
    todo(foreign_opportunity, member, TODAY)

    assert agenda.agenda_for(member, opportunity.workspace, today=TODAY).is_empty
    assert agenda.agenda_for(member, foreign_opportunity.workspace, today=TODAY).due_count == 2


# The page


def test_my_day_page_lists_the_items(member_client, member, opportunity):
    today = timezone.localdate()
    remind(opportunity, member, days(-2, today), text="Ask Anna about the budget")
    todo(opportunity, member, today, title="Send the offer")
    todo(opportunity, member, days(9, today), title="Far away")

    response = member_client.get(MY_DAY)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Overdue" in page
    assert "Ask Anna about the budget" in page
    assert "Send the offer" in page
    assert "BION-1" in page
    assert "Far away" not in page


def test_reminder_text_is_shown_as_text_on_my_day(member_client, member, opportunity):
    remind(opportunity, member, timezone.localdate(), text="<script>alert(1)</script>")

    page = member_client.get(MY_DAY).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_empty_my_day_says_nothing_is_due(member_client, opportunity):
    assert "Nothing due." in member_client.get(MY_DAY).content.decode()


# One-click done and snooze


@pytest.fixture
def items(member, opportunity):
    today = timezone.localdate()
    return {
        "reminder": remind(opportunity, member, days(-1, today)),
        "task": todo(opportunity, member, today),
    }


def reload(item):
    item.refresh_from_db()
    return item


def is_done(item):
    item = reload(item)
    return item.reminder_done_at is not None if isinstance(item, JournalEntry) else item.is_done


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_done_without_htmx_redirects_to_my_day(member_client, items, kind):
    response = member_client.post(url(kind, items[kind], "done"))

    assert response.status_code == 302
    assert response["Location"] == MY_DAY
    assert is_done(items[kind])


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_done_with_htmx_returns_an_empty_body_and_refreshes_the_agenda(member_client, items, kind):
    response = member_client.post(url(kind, items[kind], "done"), **HTMX)

    assert response.status_code == 200
    assert response.content == b""
    assert response["HX-Trigger"] == "agenda-changed"
    assert is_done(items[kind])


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_done_item_disappears_from_my_day(member_client, items, kind):
    member_client.post(url(kind, items[kind], "done"))

    page = member_client.get(MY_DAY).content.decode()

    assert f'id="{kind}-{items[kind].pk}"' not in page


def due(item):
    item = reload(item)
    return item.reminder_on if isinstance(item, JournalEntry) else item.due_on


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_snooze_until_tomorrow(member_client, items, kind):
    response = member_client.post(url(kind, items[kind], "snooze"), {"until": "tomorrow"})

    assert response.status_code == 302
    assert due(items[kind]) == days(1, timezone.localdate())
    assert not is_done(items[kind])


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_snooze_until_next_week_moves_to_next_monday(member_client, items, kind):
    today = timezone.localdate()

    member_client.post(url(kind, items[kind], "snooze"), {"until": "next_week"})

    moved = due(items[kind])
    assert moved.weekday() == 0
    assert today < moved <= days(7, today)


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_snooze_with_an_unknown_choice_changes_nothing(member_client, items, kind):
    before = due(items[kind])

    response = member_client.post(url(kind, items[kind], "snooze"), {"until": "someday"})

    assert response.status_code == 302
    assert due(items[kind]) == before


@pytest.mark.parametrize("kind", ["reminder", "task"])
def test_done_item_cannot_be_done_or_snoozed_again(member_client, items, kind):
    member_client.post(url(kind, items[kind], "done"))

    assert member_client.post(url(kind, items[kind], "done")).status_code == 404
    response = member_client.post(url(kind, items[kind], "snooze"), {"until": "tomorrow"})
    assert response.status_code == 404


# The badge


def test_badge_counts_items_due_today_or_overdue(member_client, member, opportunity):
    today = timezone.localdate()
    remind(opportunity, member, days(-5, today))
    remind(opportunity, member, today)
    todo(opportunity, member, days(-1, today))
    todo(opportunity, member, days(1, today))  # upcoming: not counted
    remind(opportunity, member, days(2, today))  # upcoming: not counted

    response = member_client.get(MY_DAY + "badge/", **HTMX)

    assert response.status_code == 200
    assert '<span class="badge" title="Due today or overdue">3</span>' in (
        response.content.decode()
    )


def test_navigation_badge_is_on_every_workspace_page(member_client, member, opportunity):
    remind(opportunity, member, timezone.localdate())

    page = member_client.get("/w/acme/o/BION-1/").content.decode()

    assert '<span class="badge" title="Due today or overdue">1</span>' in page


def test_no_badge_when_nothing_is_due(member_client, member, opportunity):
    todo(opportunity, member, days(1, timezone.localdate()))

    response = member_client.get(MY_DAY + "badge/")

    assert 'class="badge"' not in response.content.decode()


# Query count


def fill(member, opportunities, count, today):
    for n in range(count):
        opportunity = opportunities[n % len(opportunities)]
        when = days(n % 9 - 1, today)  # overdue, today and the next days
        if n % 2:
            remind(opportunity, member, when, text=f"Reminder {n}")
        else:
            todo(opportunity, member, when, title=f"Task {n}")


def test_my_day_query_count_does_not_grow_with_the_items(
    member_client, member, opportunity, make_opportunity, django_assert_max_num_queries
):
    today = timezone.localdate()
    globe = organization_create(workspace=opportunity.workspace, actor=member, name="Globe Ltd")
    opportunities = [
        opportunity,
        make_opportunity(name="Two"),
        make_opportunity(organization=globe),
    ]
    fill(member, opportunities, 3, today)
    member_client.get(MY_DAY)  # warm up the session
    with CaptureQueriesContext(connection) as for_three:
        response = member_client.get(MY_DAY)
    assert response.status_code == 200
    opportunities += [make_opportunity(name=f"Deal {n}") for n in range(7)]
    fill(member, opportunities, 27, today)
    assert agenda.agenda_for(member, opportunity.workspace).due_count >= 8

    with django_assert_max_num_queries(len(for_three)):
        response = member_client.get(MY_DAY)

    assert response.content.decode().count('class="agenda-item"') == 30


# Access


@pytest.mark.parametrize("path", ["", "badge/"])
def test_outsider_gets_404_on_my_day(outsider_client, path):
    assert outsider_client.get(MY_DAY + path).status_code == 404


@pytest.mark.parametrize("kind", ["reminder", "task"])
@pytest.mark.parametrize("action", ["done", "snooze"])
def test_outsider_gets_404_on_my_day_actions(outsider_client, items, kind, action):
    response = outsider_client.post(url(kind, items[kind], action), {"until": "tomorrow"})

    assert response.status_code == 404
    assert not is_done(items[kind])


def test_viewer_can_view_my_day(viewer_client):
    response = viewer_client.get(MY_DAY)

    assert response.status_code == 200
    assert "Nothing due." in response.content.decode()


def test_viewers_are_not_given_reminders_or_tasks_they_could_never_close(
    viewer, member, opportunity
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        remind(opportunity, viewer, timezone.localdate(), author=member)
    with pytest.raises(ValidationError):
        task_services.task_add(
            opportunity=opportunity, actor=member, title="Vic's task", assignee=viewer
        )
    assert not Task.objects.exists()


@pytest.mark.parametrize("action", ["done", "snooze"])
def test_viewer_cannot_mark_done_or_snooze(viewer_client, member, opportunity, action):
    today = timezone.localdate()
    entry = remind(opportunity, member, today)
    task = todo(opportunity, member, today)

    for kind, item in [("reminder", entry), ("task", task)]:
        response = viewer_client.post(url(kind, item, action), {"until": "tomorrow"})
        assert response.status_code == 403
        assert not is_done(item)
        assert due(item) == today


def test_nobody_closes_another_persons_items_from_my_day(member_client, admin, opportunity):
    today = timezone.localdate()
    entry = remind(opportunity, admin, today)
    task = todo(opportunity, admin, today)

    for kind, item in [("reminder", entry), ("task", task)]:
        for action in ["done", "snooze"]:
            response = member_client.post(url(kind, item, action), {"until": "tomorrow"})
            assert response.status_code == 404
        assert not is_done(item)
        assert due(item) == today


# The same rule as on the opportunity page (journal and tasks services)


def test_my_day_closes_what_someone_else_wrote_for_me(member_client, member, admin, opportunity):
    today = timezone.localdate()
    entry = remind(opportunity, member, today, author=admin)
    task = task_services.task_add(
        opportunity=opportunity, actor=admin, title="For Mia", assignee=member, due_on=today
    )

    for kind, item in [("reminder", entry), ("task", task)]:
        assert member_client.post(url(kind, item, "done")).status_code == 302
        assert is_done(item)


def test_my_day_acts_only_on_ones_own_items_even_for_an_admin(admin_client, member, opportunity):
    """An admin may close Mia's items on the opportunity page; My day lists only one's own."""
    today = timezone.localdate()
    entry = remind(opportunity, member, today)
    task = todo(opportunity, member, today)

    for kind, item in [("reminder", entry), ("task", task)]:
        for action in ["done", "snooze"]:
            response = admin_client.post(url(kind, item, action), {"until": "tomorrow"})
            assert response.status_code == 404
        assert not is_done(item)
        assert due(item) == today


# Long lists: at most PAGE_SIZE items per section, "Show more" for the rest


def bulk_reminders(opportunity, person, count, first_day):
    """`count` open reminders for `person`, spread over the 40 days up to `first_day`."""
    return JournalEntry.objects.bulk_create(
        JournalEntry(
            workspace=opportunity.workspace,
            opportunity=opportunity,
            author=person,
            text=f"Reminder number {n}",
            reminder_on=first_day - datetime.timedelta(days=n % 40),
            reminder_for=person,
        )
        for n in range(count)
    )


def bulk_tasks(opportunity, person, count, due_on):
    return Task.objects.bulk_create(
        Task(
            workspace=opportunity.workspace,
            opportunity=opportunity,
            title=f"Task number {n}",
            assignee=person,
            created_by=person,
            due_on=due_on,
        )
        for n in range(count)
    )


def shown_ids(html):
    return re.findall(r'<li class="agenda-item" id="(\w+-\d+)"', html)


def more_link(html):
    match = re.search(r'<li class="agenda-more"><a href="([^"#]+)#agenda-overdue"', html)
    return match and unescape(match.group(1))


@pytest.fixture
def three_hundred_overdue(member, opportunity):
    return bulk_reminders(opportunity, member, 300, days(-1, timezone.localdate()))


def test_300_overdue_reminders_show_50_with_the_true_count(member_client, three_hundred_overdue):
    page = member_client.get(MY_DAY).content.decode()

    assert len(shown_ids(page)) == agenda.PAGE_SIZE == 50
    assert '<h2>Overdue <span class="muted">(300)</span></h2>' in page
    assert "Show more (250 left)" in page
    assert more_link(page).startswith(MY_DAY + "?section=overdue&")


def test_show_more_without_javascript_shows_the_next_50_on_the_whole_page(
    member_client, three_hundred_overdue
):
    first = member_client.get(MY_DAY).content.decode()

    response = member_client.get(more_link(first))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert len(shown_ids(page)) == 50
    assert not set(shown_ids(page)) & set(shown_ids(first))
    assert '<h2>Overdue <span class="muted">(300)</span></h2>' in page
    assert "51–100 of 300" in page
    assert "Show more (200 left)" in page


def test_show_more_with_htmx_returns_only_the_next_items_and_the_next_link(
    member_client, three_hundred_overdue
):
    first = member_client.get(MY_DAY).content.decode()

    response = member_client.get(more_link(first), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<h2>" not in html
    assert html.strip().startswith('<li class="agenda-item"')
    assert len(shown_ids(html)) == 50
    assert "Show more (200 left)" in html
    assert 'hx-target="closest li"' in html


def in_order():
    """The ids of the open reminders in My day's order: by date, then as written."""
    return [
        f"reminder-{pk}"
        for pk in JournalEntry.objects.open_reminders()
        .order_by("reminder_on", "pk")
        .values_list("pk", flat=True)
    ]


def test_all_300_are_reached_through_show_more_in_order(member_client, three_hundred_overdue):
    html = member_client.get(MY_DAY).content.decode()
    seen = shown_ids(html)
    while more_link(html):
        html = member_client.get(more_link(html), **HTMX).content.decode()
        seen += shown_ids(html)

    assert seen == in_order()


def test_show_more_skips_nothing_when_items_above_were_done(
    member, member_client, three_hundred_overdue
):
    expected = in_order()
    first = member_client.get(MY_DAY).content.decode()
    done = [int(shown.removeprefix("reminder-")) for shown in shown_ids(first)[:10]]
    for entry in JournalEntry.objects.filter(pk__in=done):
        journal_services.reminder_done(entry=entry, actor=member)

    html = member_client.get(more_link(first), **HTMX).content.decode()

    assert shown_ids(html) == expected[50:100]


@pytest.mark.parametrize(
    "query",
    [
        "?section=bogus&after_on=2026-01-01&after_kind=task&after_id=1",
        "?section=overdue&after_on=01.01.2026&after_kind=task&after_id=1",
        "?section=overdue&after_on=2026-01-01&after_kind=offer&after_id=1",
        "?section=overdue&after_on=2026-01-01&after_kind=task&after_id=%C2%B2",
        "?section=overdue&after_on=2026-01-01&after_kind=task&after_id=-1",
        "?section=overdue",
    ],
)
def test_odd_show_more_values_show_the_first_items(member_client, three_hundred_overdue, query):
    first = member_client.get(MY_DAY).content.decode()

    response = member_client.get(MY_DAY + query, **HTMX)

    assert response.status_code == 200
    assert shown_ids(response.content.decode()) == shown_ids(first)


def test_my_day_costs_the_same_queries_for_10_and_200_items(
    member_client, member, opportunity, django_assert_num_queries
):
    today = timezone.localdate()
    bulk_reminders(opportunity, member, 5, days(-1, today))
    bulk_tasks(opportunity, member, 5, today)
    member_client.get(MY_DAY)  # warm up the session
    with CaptureQueriesContext(connection) as for_ten:
        member_client.get(MY_DAY)
    bulk_reminders(opportunity, member, 95, days(-1, today))
    bulk_tasks(opportunity, member, 95, today)

    with django_assert_num_queries(len(for_ten)):
        response = member_client.get(MY_DAY)

    page = response.content.decode()
    assert '<h2>Overdue <span class="muted">(100)</span></h2>' in page
    assert '<h2>Today <span class="muted">(100)</span></h2>' in page
    assert len(shown_ids(page)) == 50 + 50


def test_show_more_is_german_for_a_german_user(member_client, member, three_hundred_overdue):
    member.language = "de"
    member.save()

    first = member_client.get(MY_DAY).content.decode()
    page = member_client.get(more_link(first)).content.decode()

    assert "Weitere anzeigen (noch 250)" in first
    assert "51–100 von 300" in page
