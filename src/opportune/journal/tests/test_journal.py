"""The journal on the opportunity page: posting, reminders, safe Markdown, paging, edit rights."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportune.journal import selectors, services
from opportune.journal.models import JournalEntry, Mood
from opportune.journal.rendering import render

PAGE = "/w/acme/o/BION-1/"
JOURNAL = PAGE + "journal/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def entry_url(entry, action):
    return f"{JOURNAL}{entry.pk}/{action}/"


def post_entry(client, htmx=False, **fields):
    data = {"mood": "happy", "text": "Called Anna, she liked the demo."} | fields
    return client.post(JOURNAL, data, **(HTMX if htmx else {}))


def english(date):
    return date.strftime("%d/%m/%Y")


def german(date):
    return date.strftime("%d.%m.%Y")


def write(opportunity, author, text="A note", mood=Mood.NEUTRAL, **fields):
    return services.entry_post(
        opportunity=opportunity, author=author, mood=mood, text=text, **fields
    )


# Posting


def test_posted_entry_shows_author_and_date_on_the_opportunity_page(member_client, opportunity):
    response = post_entry(member_client)

    assert response.status_code == 302
    assert response["Location"] == PAGE
    entry = JournalEntry.objects.get()
    assert (entry.mood, entry.text) == ("happy", "Called Anna, she liked the demo.")
    page = member_client.get(PAGE).content.decode()
    today = timezone.localdate()
    assert f"Mia Member left this feedback on {english(today)}" in page
    assert "Called Anna, she liked the demo." in page


def test_posting_with_htmx_returns_the_journal_fragment(member_client, opportunity):
    response = post_entry(member_client, htmx=True)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "agenda-changed"
    html = response.content.decode()
    assert html.startswith('<section class="card" id="journal"')
    assert "Called Anna, she liked the demo." in html


def test_posted_entry_sentence_is_german_for_a_german_user(member_client, member, opportunity):
    member.language = "de"
    member.save()
    post_entry(member_client)

    page = member_client.get(PAGE).content.decode()

    assert "left this feedback" not in page
    assert re.search(rf"Mia Member [^<]*\bam {re.escape(german(timezone.localdate()))}", page)


def test_german_user_posts_a_reminder_date_in_german_format(member_client, member, opportunity):
    member.language = "de"
    member.save()

    post_entry(member_client, reminder_on="16.07.2026")

    assert JournalEntry.objects.get().reminder_on == datetime.date(2026, 7, 16)


def test_empty_text_is_refused_and_nothing_saved(member_client, opportunity):
    response = post_entry(member_client, htmx=True, text="   ")

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not JournalEntry.objects.exists()


# Reminders


def test_reminder_without_a_person_is_for_the_author(member_client, member, opportunity):
    post_entry(member_client, reminder_on="16/07/2026")

    entry = JournalEntry.objects.get()
    assert entry.reminder_on == datetime.date(2026, 7, 16)
    assert entry.reminder_for == member


def test_reminder_for_another_member_is_for_that_member(member_client, admin, opportunity):
    post_entry(member_client, reminder_on="2026-07-16", reminder_for=admin.pk)

    assert JournalEntry.objects.get().reminder_for == admin


@pytest.mark.parametrize(("htmx", "status"), [(False, 200), (True, 422)])
def test_reminder_for_a_user_outside_the_workspace_is_refused_and_nothing_saved(
    member_client, outsider, opportunity, htmx, status
):
    response = post_entry(
        member_client, htmx=htmx, reminder_on="16/07/2026", reminder_for=outsider.pk
    )

    assert response.status_code == status
    assert "Choose a member of this workspace." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_service_refuses_a_reminder_for_a_user_outside_the_workspace(member, outsider, opportunity):
    with pytest.raises(ValidationError) as caught:
        write(opportunity, member, reminder_on=datetime.date(2026, 7, 16), reminder_for=outsider)

    assert caught.value.message_dict == {"reminder_for": ["Choose a member of this workspace."]}
    assert not JournalEntry.objects.exists()


def test_reminder_in_the_past_is_allowed_and_shown_as_overdue(member_client, opportunity):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = post_entry(member_client, reminder_on=english(yesterday))

    assert response.status_code == 302
    assert JournalEntry.objects.get().reminder_on == yesterday
    page = member_client.get(PAGE).content.decode()
    assert 'class="entry-reminder overdue"' in page
    assert f"Reminder: {english(yesterday)}" in page
    assert "<strong>overdue</strong>" in page


def test_reminder_today_is_not_overdue(member_client, opportunity):
    post_entry(member_client, reminder_on=english(timezone.localdate()))

    page = member_client.get(PAGE).content.decode()
    assert 'class="entry-reminder"' in page
    assert "<strong>overdue</strong>" not in page


def test_marking_a_reminder_done_from_the_page(member_client, member, opportunity):
    entry = write(opportunity, member, reminder_on=timezone.localdate())

    response = member_client.post(entry_url(entry, "done"))

    assert response.status_code == 302
    assert response["Location"] == PAGE
    entry.refresh_from_db()
    assert entry.reminder_done_at is not None
    assert not entry.has_open_reminder
    page = member_client.get(PAGE).content.decode()
    assert "✓ Reminder" in page
    assert entry_url(entry, "done") not in page


def test_marking_a_reminder_done_with_htmx_returns_the_fragment(member_client, member, opportunity):
    entry = write(opportunity, member, reminder_on=timezone.localdate())

    response = member_client.post(entry_url(entry, "done"), **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "agenda-changed"
    assert "✓ Reminder" in response.content.decode()
    assert JournalEntry.objects.open_reminders().count() == 0


# Who may close a reminder: the person it is for, its author, an admin or owner (one rule, in
# the service, for the opportunity page and My day alike)

CLOSE_RULE = [
    # (author, reminder for, who clicks "Done", allowed)
    ("admin", "member", "member", True),  # the person it is for
    ("member", "admin", "member", True),  # its author
    ("member", "member", "admin", True),  # an admin
    ("member", "member", "owner", True),  # an owner
    ("admin", "admin", "member", False),  # another member
    ("owner", "admin", "member", False),
]


def stored(entry):
    return JournalEntry.objects.values().get(pk=entry.pk)


@pytest.mark.parametrize(("author", "person", "actor", "allowed"), CLOSE_RULE)
def test_who_may_mark_a_reminder_done_on_the_opportunity_page(
    request, client, opportunity, author, person, actor, allowed
):
    cast = {name: request.getfixturevalue(name) for name in {author, person, actor}}
    entry = write(
        opportunity, cast[author], reminder_on=timezone.localdate(), reminder_for=cast[person]
    )
    before = stored(entry)
    client.force_login(cast[actor])

    response = client.post(entry_url(entry, "done"))

    if allowed:
        assert response.status_code == 302
        assert stored(entry)["reminder_done_at"] is not None
    else:
        assert response.status_code == 403
        assert stored(entry) == before


@pytest.mark.parametrize(("author", "person", "actor", "allowed"), CLOSE_RULE)
def test_the_service_applies_the_same_rule_to_done_and_snooze(
    request, opportunity, author, person, actor, allowed
):
    cast = {name: request.getfixturevalue(name) for name in {author, person, actor}}
    entry = write(
        opportunity, cast[author], reminder_on=timezone.localdate(), reminder_for=cast[person]
    )
    before = stored(entry)
    later = timezone.localdate() + datetime.timedelta(days=1)

    if allowed:
        services.reminder_snooze(entry=entry, actor=cast[actor], until=later)
        services.reminder_done(entry=entry, actor=cast[actor])
        assert (stored(entry)["reminder_on"], entry.has_open_reminder) == (later, False)
    else:
        with pytest.raises(PermissionDenied):
            services.reminder_snooze(entry=entry, actor=cast[actor], until=later)
        with pytest.raises(PermissionDenied):
            services.reminder_done(entry=entry, actor=cast[actor])
        assert stored(entry) == before


@pytest.mark.parametrize("actor", ["viewer", "outsider"])
def test_the_service_refuses_viewers_and_outsiders_even_for_their_own_reminder(
    request, member, opportunity, actor
):
    entry = write(opportunity, member, reminder_on=timezone.localdate())
    # The reminder names them, as if they had been editors when it was written.
    JournalEntry.objects.filter(pk=entry.pk).update(reminder_for=request.getfixturevalue(actor))
    entry.refresh_from_db()
    before = stored(entry)

    with pytest.raises(PermissionDenied):
        services.reminder_done(entry=entry, actor=entry.reminder_for)
    with pytest.raises(PermissionDenied):
        services.reminder_snooze(entry=entry, actor=entry.reminder_for, until=timezone.localdate())
    assert stored(entry) == before


def test_the_page_offers_done_only_to_who_may_close_it(member_client, member, admin, opportunity):
    for_mia = write(opportunity, admin, reminder_on=timezone.localdate(), reminder_for=member)
    adams_own = write(opportunity, admin, reminder_on=timezone.localdate(), reminder_for=admin)

    page = member_client.get(PAGE).content.decode()

    assert entry_url(for_mia, "done") in page
    assert entry_url(adams_own, "done") not in page


def test_marking_a_reminder_done_twice_keeps_the_first_time(member_client, member, opportunity):
    entry = write(opportunity, member, reminder_on=timezone.localdate())
    member_client.post(entry_url(entry, "done"))
    first = stored(entry)["reminder_done_at"]

    member_client.post(entry_url(entry, "done"))

    assert stored(entry)["reminder_done_at"] == first


# Safe text


class LiveHtml(HTMLParser):
    """Collects what a browser would run: script elements, event handlers, javascript: links."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.js_links, self.images = [], [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if tag == "img":
            self.images.append(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.js_links.append((tag, value))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def live_html(html):
    parser = LiveHtml()
    parser.feed(html)
    return parser


def test_the_live_html_check_itself_catches_live_html():
    live = live_html(
        '<a href=" JavaScript:x">a</a><img src=x><div onclick="alert(1)"></div>'
        "<script>alert(1)</script>"
    )

    assert live.js_links and live.images and live.handlers and live.scripts


PAYLOADS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '<img src="x" onerror="alert(1)">',
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_script_and_javascript_links_never_appear_in_the_page(member_client, opportunity, text):
    post_entry(member_client, text=text)

    page = member_client.get(PAGE).content.decode()
    fragment = member_client.get(JOURNAL, **HTMX).content.decode()

    for html in (page, fragment):
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        assert "<img" not in html


@pytest.mark.parametrize(
    "text",
    [
        *PAYLOADS,
        '<a href="javascript:alert(1)">click</a>',
        "[x](JaVaScRiPt:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<svg onload=alert(1)>",
        '<div onclick="alert(1)">hi</div>',
    ],
)
def test_journal_text_never_becomes_live_html(member_client, opportunity, text):
    post_entry(member_client, text=text)

    fragment = member_client.get(JOURNAL, **HTMX).content.decode()
    page = member_client.get(PAGE).content.decode()

    for html in (fragment, page):
        live = live_html(html)
        assert not [script for script in live.scripts if "alert" in script]
        assert not [handler for handler in live.handlers if "alert" in handler[2]]
        assert not live.js_links
        assert not live.images


def test_raw_html_is_shown_as_text(member_client, opportunity):
    post_entry(member_client, text="<script>alert(1)</script>")

    page = member_client.get(PAGE).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markdown_bold_becomes_strong(member_client, opportunity):
    post_entry(member_client, text="Budget is **approved**.")

    page = member_client.get(PAGE).content.decode()

    assert "<strong>approved</strong>" in page


def test_markdown_http_link_is_kept_and_opens_without_referrer():
    html = render("[site](https://example.com)")

    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_one_megabyte_text_is_refused_with_a_length_message_and_nothing_saved(
    member_client, opportunity
):
    response = post_entry(member_client, text="x" * 1_000_000)

    assert response.status_code == 200
    assert "Keep the entry under 20,000 characters." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_service_refuses_text_over_the_limit(member, opportunity):
    with pytest.raises(ValidationError) as caught:
        write(opportunity, member, text="x" * 20_001)

    assert "Keep the entry under 20,000 characters" in caught.value.message_dict["text"][0]
    assert not JournalEntry.objects.exists()


# Order and pages


@pytest.fixture
def twelve_entries(opportunity, member):
    return [write(opportunity, member, text=f"Entry number {n:02}") for n in range(1, 13)]


def entry_numbers(html):
    return [int(n) for n in re.findall(r"Entry number (\d\d)", html)]


def test_entries_are_newest_first_ten_per_page(member_client, twelve_entries):
    page = member_client.get(PAGE).content.decode()

    assert entry_numbers(page) == list(range(12, 2, -1))
    assert "Page 1 of 2" in page


def test_second_page_via_htmx(member_client, twelve_entries):
    response = member_client.get(JOURNAL + "?page=2", **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert entry_numbers(html) == [2, 1]
    assert "Page 2 of 2" in html


def test_journal_get_without_htmx_redirects_to_the_opportunity_page(member_client, opportunity):
    response = member_client.get(JOURNAL)

    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_journal_page_takes_three_queries_however_long(opportunity, member, twelve_entries):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.journal_page(opportunity, 2)
        list(page)
        [entry.author.display_name for entry in page]

    assert len(queries) <= 3


# Edit and delete rights


def test_author_edits_own_entry_and_it_then_says_edited(member_client, member, opportunity):
    entry = write(opportunity, member, text="First draft")
    assert "(edited)" not in member_client.get(PAGE).content.decode()

    response = member_client.post(
        entry_url(entry, "edit"), {"mood": "sad", "text": "Second thoughts"}
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.mood, entry.text) == ("sad", "Second thoughts")
    assert entry.edited_at is not None
    page = member_client.get(PAGE).content.decode()
    assert "Second thoughts" in page
    assert "(edited)" in page


def test_author_deletes_own_entry(member_client, member, opportunity):
    entry = write(opportunity, member)

    response = member_client.post(entry_url(entry, "delete"))

    assert response.status_code == 302
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_cannot_edit_anothers_entry(member_client, admin, opportunity, method):
    entry = write(opportunity, admin, text="Adam's note")

    response = getattr(member_client, method)(
        entry_url(entry, "edit"), {"mood": "sad", "text": "Mia was here"}
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.text == "Adam's note"
    assert entry.edited_at is None


def test_member_cannot_delete_anothers_entry(member_client, admin, opportunity):
    entry = write(opportunity, admin)

    response = member_client.post(entry_url(entry, "delete"))

    assert response.status_code == 403
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_member_sees_no_edit_link_for_anothers_entry(member_client, admin, opportunity):
    entry = write(opportunity, admin)

    page = member_client.get(PAGE).content.decode()

    assert entry_url(entry, "edit") not in page
    assert entry_url(entry, "delete") not in page


def test_admin_can_edit_anothers_entry(admin_client, member, opportunity):
    entry = write(opportunity, member, text="Mia's note")

    response = admin_client.post(entry_url(entry, "edit"), {"mood": "happy", "text": "Fixed"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Fixed"
    assert entry.author == member


def test_admin_can_delete_anothers_entry(admin_client, member, opportunity):
    entry = write(opportunity, member)

    response = admin_client.post(entry_url(entry, "delete"))

    assert response.status_code == 302
    assert not JournalEntry.objects.exists()


def test_editing_an_entry_keeps_its_reminder_person(admin_client, member, opportunity):
    entry = write(opportunity, member, reminder_on=datetime.date(2026, 7, 16))

    admin_client.post(
        entry_url(entry, "edit"),
        {"mood": "happy", "text": "Edited", "reminder_on": "16/07/2026", "reminder_for": member.pk},
    )

    entry.refresh_from_db()
    assert entry.reminder_for == member


def viewer_targets(entry):
    return [
        (JOURNAL, {"mood": "happy", "text": "Vic was here"}),
        (entry_url(entry, "edit"), {"mood": "happy", "text": "Vic was here"}),
        (entry_url(entry, "delete"), {}),
        (entry_url(entry, "done"), {}),
    ]


@pytest.mark.parametrize("index", range(4))
def test_viewer_post_is_forbidden(viewer_client, member, opportunity, index):
    entry = write(opportunity, member, reminder_on=datetime.date(2026, 7, 16))
    url, data = viewer_targets(entry)[index]

    response = viewer_client.post(url, data)

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.text == "A note"
    assert entry.reminder_done_at is None
    assert JournalEntry.objects.count() == 1


def test_viewer_reads_the_journal_without_a_post_form(viewer_client, member, opportunity):
    write(opportunity, member, text="Visible to Vic")

    page = viewer_client.get(PAGE).content.decode()

    assert "Visible to Vic" in page
    assert "+ Post journal entry" not in page


@pytest.mark.parametrize(
    ("action", "method"),
    [
        ("journal", "get"),
        ("journal", "post"),
        ("edit", "get"),
        ("edit", "post"),
        ("delete", "post"),
        ("done", "post"),
    ],
)
def test_outsider_gets_404_on_every_journal_url(
    outsider_client, member, opportunity, action, method
):
    entry = write(opportunity, member, reminder_on=datetime.date(2026, 7, 16))
    url = JOURNAL if action == "journal" else entry_url(entry, action)

    response = getattr(outsider_client, method)(url, {"mood": "happy", "text": "x"}, **HTMX)

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.text == "A note"
    assert entry.reminder_done_at is None


@pytest.mark.parametrize("action", ["edit", "delete", "done"])
def test_entry_of_another_opportunity_answers_404(
    admin_client, member, opportunity, make_opportunity, action
):
    other = make_opportunity(name="Second deal")
    entry = write(other, member, reminder_on=datetime.date(2026, 7, 16))

    response = admin_client.post(entry_url(entry, action), {"mood": "happy", "text": "x"})

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.text == "A note"
    assert entry.reminder_done_at is None


@pytest.mark.parametrize("action", ["edit", "delete", "done"])
def test_entry_of_another_workspace_answers_404(
    admin_client, outsider, opportunity, foreign_opportunity, action
):
    entry = write(foreign_opportunity, outsider, reminder_on=datetime.date(2026, 7, 16))

    response = admin_client.post(entry_url(entry, action), {"mood": "happy", "text": "x"})

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.text == "A note"
    assert entry.reminder_done_at is None


# Mood trend


def test_mood_trend_shows_the_latest_moods_oldest_first(member_client, member, opportunity):
    moods = ["sad", "sad", "neutral", "happy", "happy", "sad"]
    for mood in moods:
        write(opportunity, member, mood=mood)

    assert selectors.mood_trend(opportunity) == moods[-5:]
    page = member_client.get(PAGE).content.decode()
    trend = re.search(r'<span class="mood-trend".*?</span></span>', page, re.S).group(0)
    assert re.findall(r'class="mood mood-(\w+)"', trend) == moods[-5:]


def test_no_mood_trend_without_entries(member_client, opportunity):
    assert 'class="mood-trend"' not in member_client.get(PAGE).content.decode()


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_the_service_lets_only_members_post(request, who, opportunity):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.entry_post(opportunity=opportunity, author=person, mood=Mood.HAPPY, text="Hi")
    assert not JournalEntry.objects.exists()
