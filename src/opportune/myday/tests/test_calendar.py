"""The personal iCalendar feed: a secret address per person, shown once, revocable."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from opportune.journal import services as journal_services
from opportune.myday.models import CalendarFeed
from opportune.opportunities import services as opportunity_services
from opportune.tasks import services as task_services

MY_DAY = "/w/acme/my-day/"
FEED_URL = re.compile(r"http://testserver/calendar/([A-Za-z0-9_\-]+)\.ics")


def create_feed(client):
    """Ask for a new address and read it from My day, where it is shown once."""
    response = client.post("/calendar/new/", {"next": MY_DAY})
    assert response.status_code == 302
    assert response["Location"] == MY_DAY
    return FEED_URL.search(client.get(MY_DAY).content.decode()).group(0)


def token_of(url):
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def fetch(url):
    """Fetch the feed as a calendar app does: without signing in."""
    return Client().get(url.removeprefix("http://testserver"))


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def remind(opportunity, person, on, text="Follow up", time=None, author=None):
    return journal_services.entry_post(
        opportunity=opportunity,
        author=author or person,
        mood="neutral",
        text=text,
        reminder_on=on,
        reminder_time=time,
        reminder_for=person,
    )


def todo(opportunity, person, due_on, title="To do"):
    return task_services.task_add(
        opportunity=opportunity, actor=person, title=title, assignee=person, due_on=due_on
    )


@pytest.fixture
def in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def test_new_address_is_shown_once_on_my_day(member_client):
    url = create_feed(member_client)

    assert url.endswith(".ics")
    assert url not in member_client.get(MY_DAY).content.decode()


def test_only_the_hash_of_the_token_is_stored(member_client, member):
    token = token_of(create_feed(member_client))

    feed = CalendarFeed.objects.get(user=member)
    assert feed.token_hash == CalendarFeed.hash(token)
    assert token not in feed.token_hash


def test_feed_is_an_icalendar_with_the_users_reminders_and_tasks(
    member_client, member, opportunity, in_a_week
):
    entry = remind(opportunity, member, in_a_week, text="Ask about the budget")
    task = todo(opportunity, member, in_a_week, title="Send the offer")
    url = create_feed(member_client)

    response = fetch(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert set(found) == {f"reminder-{entry.pk}@opportune", f"task-{task.pk}@opportune"}
    reminder = found[f"reminder-{entry.pk}@opportune"]
    assert "BION-1" in str(reminder["summary"])
    assert reminder.decoded("dtstart") == in_a_week
    assert "Ask about the budget" in str(reminder["description"])
    assert str(reminder["url"]).endswith("/w/acme/o/BION-1/")
    task_event = found[f"task-{task.pk}@opportune"]
    assert "BION-1" in str(task_event["summary"])
    assert "Send the offer" in str(task_event["summary"])
    assert task_event.decoded("dtstart") == in_a_week


def test_reminder_with_a_time_starts_at_that_time(member_client, member, opportunity, in_a_week):
    entry = remind(opportunity, member, in_a_week, time=datetime.time(9, 30))
    url = create_feed(member_client)

    event = events(fetch(url))[f"reminder-{entry.pk}@opportune"]

    start = event.decoded("dtstart")
    assert timezone.localtime(start).date() == in_a_week
    assert timezone.localtime(start).time() == datetime.time(9, 30)


def test_other_users_items_are_not_in_the_feed(
    member_client, member, admin, opportunity, in_a_week
):
    mine = remind(opportunity, member, in_a_week)
    remind(opportunity, admin, in_a_week, text="Adam's", author=member)
    todo(opportunity, admin, in_a_week, title="Adam's task")
    url = create_feed(member_client)

    assert set(events(fetch(url))) == {f"reminder-{mine.pk}@opportune"}


def test_done_undated_and_trashed_items_are_not_in_the_feed(
    member_client, member, opportunity, make_opportunity, in_a_week
):
    done_entry = remind(opportunity, member, in_a_week)
    journal_services.reminder_done(entry=done_entry, actor=member)
    done_task = todo(opportunity, member, in_a_week)
    task_services.task_complete(task=done_task, actor=member)
    todo(opportunity, member, None)
    trashed = make_opportunity(name="Dead deal")
    remind(trashed, member, in_a_week)
    todo(trashed, member, in_a_week)
    opportunity_services.opportunity_delete(opportunity=trashed, actor=member)
    url = create_feed(member_client)

    assert events(fetch(url)) == {}


def test_revoking_makes_the_address_answer_404(member_client, member, opportunity):
    url = create_feed(member_client)
    assert fetch(url).status_code == 200

    response = member_client.post("/calendar/revoke/", {"next": MY_DAY})

    assert response.status_code == 302
    assert fetch(url).status_code == 404


def test_creating_a_new_address_revokes_the_old_one(member_client, member):
    old = create_feed(member_client)

    new = create_feed(member_client)

    assert new != old
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    assert CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).count() == 1


def test_unknown_token_answers_404(member_client):
    create_feed(member_client)

    assert Client().get("/calendar/not-a-real-token.ics").status_code == 404


def test_feed_needs_no_login(member_client, member, opportunity, in_a_week):
    remind(opportunity, member, in_a_week)
    url = create_feed(member_client)
    anonymous = Client()

    response = anonymous.get(url.removeprefix("http://testserver"))

    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


def test_feed_of_a_deactivated_user_answers_404(member_client, member):
    url = create_feed(member_client)
    member.is_active = False
    member.save()

    assert fetch(url).status_code == 404


@pytest.mark.parametrize("path", ["/calendar/new/", "/calendar/revoke/"])
def test_creating_and_revoking_need_login(db, client, path):
    response = client.post(path)

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_next_to_another_site_is_ignored(member_client):
    response = member_client.post("/calendar/new/", {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
