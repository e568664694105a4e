"""The daily reminder e-mail (`send-reminders`): one digest per person of what is due."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.db import connection

from opportune.journal import services as journal_services
from opportune.myday.models import ReminderDigest
from opportune.opportunities import services as opportunity_services
from opportune.tasks import services as task_services

TODAY = datetime.date(2026, 11, 25)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def remind(opportunity, person, on, text, author=None):
    return journal_services.entry_post(
        opportunity=opportunity,
        author=author or person,
        mood="neutral",
        text=text,
        reminder_on=on,
        reminder_for=person,
    )


def todo(opportunity, person, due_on, title):
    return task_services.task_add(
        opportunity=opportunity, actor=person, title=title, assignee=person, due_on=due_on
    )


def send(date="2026-11-25", *args):
    out = StringIO()
    call_command("send-reminders", "--date", date, *args, stdout=out)
    return out.getvalue()


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def due_items(opportunity, owner, admin, member):
    """Mia: two reminders and two tasks due (overdue or today), plus future and done ones.
    Olivia: one task due today. Adam: only future items."""
    remind(opportunity, member, days(-5), "Overdue reminder about the budget")
    remind(opportunity, member, TODAY, "Today reminder: call Anna")
    remind(opportunity, member, days(1), "Future reminder tomorrow")
    done = remind(opportunity, member, days(-1), "Reminder already done")
    journal_services.reminder_done(entry=done, actor=member)
    todo(opportunity, member, days(-2), "Overdue task: send the offer")
    todo(opportunity, member, TODAY, "Today task: book the demo")
    todo(opportunity, member, days(3), "Future task in three days")
    todo(opportunity, member, None, "Task without a date")
    finished = todo(opportunity, member, TODAY, "Task already finished")
    task_services.task_complete(task=finished, actor=member)
    todo(opportunity, owner, TODAY, "Olivia's task")
    remind(opportunity, admin, days(1), "Adam's future reminder")
    todo(opportunity, admin, days(2), "Adam's future task")


def test_each_person_with_something_due_gets_one_email(due_items):
    send()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "mia@acme.example",
        "olivia@acme.example",
    ]


def test_the_email_lists_due_today_and_overdue_reminders_and_tasks(due_items):
    send()

    [message] = mails_to("mia@acme.example")
    assert message.subject == "Opportune: 4 follow-ups due today"
    for due in [
        "Overdue reminder about the budget",
        "Today reminder: call Anna",
        "Overdue task: send the offer",
        "Today task: book the demo",
    ]:
        assert due in message.body
    assert "BION-1" in message.body
    assert "/w/acme/o/BION-1/" in message.body
    assert message.body.startswith("Good morning Mia,")


def test_the_email_leaves_out_future_done_and_undated_items(due_items):
    send()

    [message] = mails_to("mia@acme.example")
    for not_due in [
        "Future reminder tomorrow",
        "Reminder already done",
        "Future task in three days",
        "Task without a date",
        "Task already finished",
        "Olivia's task",
    ]:
        assert not_due not in message.body


def test_people_with_nothing_due_get_no_email(due_items):
    send()

    assert mails_to("adam@acme.example") == []


def test_nothing_due_anywhere_sends_nothing(opportunity, member):
    remind(opportunity, member, days(1), "Tomorrow")

    output = send()

    assert mail.outbox == []
    assert "0 digests sent" in output


def test_reminders_of_trashed_opportunities_are_not_mailed(opportunity, member):
    remind(opportunity, member, TODAY, "In the bin")
    opportunity_services.opportunity_delete(opportunity=opportunity, actor=member)

    send()

    assert mail.outbox == []


def test_inactive_people_get_no_email(opportunity, member):
    remind(opportunity, member, TODAY, "Due")
    member.is_active = False
    member.save()

    send()

    assert mail.outbox == []


def test_running_twice_on_the_same_day_sends_nothing_the_second_time(due_items):
    send()
    assert len(mail.outbox) == 2

    output = send()

    assert len(mail.outbox) == 2
    assert "0 digests sent for 2026-11-25" in output
    assert ReminderDigest.objects.count() == 2


def test_the_next_day_sends_again(due_items):
    send()
    mail.outbox.clear()

    send("2026-11-26")

    [message] = mails_to("mia@acme.example")
    assert "Future reminder tomorrow" in message.body
    assert message.subject == "Opportune: 5 follow-ups due today"
    assert "Adam's future reminder" in mails_to("adam@acme.example")[0].body
    assert len(mail.outbox) == 3
    assert ReminderDigest.objects.filter(sent_on=datetime.date(2026, 11, 26)).count() == 3


def test_an_item_done_before_the_run_is_not_mailed(opportunity, member):
    entry = remind(opportunity, member, TODAY, "Done before breakfast")
    remind(opportunity, member, TODAY, "Still open")
    journal_services.reminder_done(entry=entry, actor=member)

    send()

    [message] = mail.outbox
    assert "Still open" in message.body
    assert "Done before breakfast" not in message.body


def test_the_email_is_english_for_an_english_user(due_items, member):
    member.language = "en"
    member.save()

    send()

    assert mails_to("mia@acme.example")[0].subject == "Opportune: 4 follow-ups due today"


def test_the_email_is_german_for_a_german_user(due_items, member):
    member.language = "de"
    member.save()

    send()

    [message] = mails_to("mia@acme.example")
    assert message.subject != "Opportune: 4 follow-ups due today"
    assert message.subject.startswith("Opportune: ")
    assert "4" in message.subject
    assert "follow-ups" not in message.subject


def test_a_german_users_language_does_not_leak_into_the_next_email(due_items, member):
    member.language = "de"
    member.save()

    send()

    assert mails_to("olivia@acme.example")[0].subject == "Opportune: 1 follow-ups due today"


def test_german_email_shows_dates_in_german_format(due_items, member):
    member.language = "de"
    member.save()

    send()

    [message] = mails_to("mia@acme.example")
    assert "25.11.2026" in message.body
    assert "25/11/2026" not in message.body


def test_dry_run_sends_nothing_and_records_nothing(due_items):
    output = send("2026-11-25", "--dry-run")

    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert "would send 4 items to mia@acme.example" in output
    assert "2 digests would send for 2026-11-25" in output


def test_a_dry_run_does_not_stop_the_real_run(due_items):
    send("2026-11-25", "--dry-run")

    send()

    assert len(mail.outbox) == 2


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="--date must look like 2026-11-25"):
        call_command("send-reminders", "--date", "25.11.2026")


def test_a_failed_send_is_not_recorded_is_retried_and_does_not_stop_the_others(
    opportunity, member, admin, settings
):
    remind(opportunity, member, TODAY, "Due")
    remind(opportunity, admin, TODAY, "Also due")
    settings.EMAIL_BACKEND = "opportune.testing.mail.UnreachableMailboxBackend"
    settings.UNREACHABLE_MAILBOXES = ["mia@acme.example"]

    send()
    assert not ReminderDigest.objects.filter(user=member).exists()
    assert mails_to("mia@acme.example") == []
    assert len(mails_to("adam@acme.example")) == 1
    assert ReminderDigest.objects.filter(user=admin, sent_on=TODAY).exists()

    settings.UNREACHABLE_MAILBOXES = []
    send()

    assert len(mails_to("mia@acme.example")) == 1
    assert ReminderDigest.objects.filter(user=member, sent_on=TODAY).exists()


class TransactionNotingBackend(locmem.EmailBackend):
    """Django's locmem backend that notes on each message whether a database transaction was
    open while it was sent."""

    def send_messages(self, messages):
        for message in messages:
            message.sent_in_transaction = connection.in_atomic_block
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)  # the usual test transaction would hide the point
def test_mail_goes_out_while_no_database_transaction_is_open(due_items, settings):
    settings.EMAIL_BACKEND = f"{__name__}.TransactionNotingBackend"

    send()

    assert [message.sent_in_transaction for message in mail.outbox] == [False, False]
    assert ReminderDigest.objects.count() == 2
