"""`opportune seed-large`: a big workspace that obeys the domain's rules, the same on every run."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F

from opportune.accounts.models import User
from opportune.contacts.models import Contact
from opportune.journal.models import JournalEntry
from opportune.opportunities.models import (
    CustomFieldValue,
    History,
    Member,
    Opportunity,
    Status,
)
from opportune.organizations.models import Organization
from opportune.pipeline.fields import COLUMN
from opportune.pipeline.models import FieldType, Phase, PhaseKind
from opportune.tasks.models import Task
from opportune.workspaces.models import Membership, Role, Workspace

pytestmark = [pytest.mark.django_db]

SIZE = 300
COLUMNS = ["text", "long_text", "number", "date", "boolean", "option", "user"]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed-large", opportunities=SIZE, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One run for the whole module, rolled back after; tests look the workspace up by its
    address, because one of them replaces it."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def large(seeded_once, db) -> Workspace:
    return Workspace.objects.get(slug="large")


def snapshot(workspace) -> dict:
    """What a person sees of the data, without the database's ids."""
    opportunities = Opportunity.objects.filter(workspace=workspace).order_by("short_name")
    values = CustomFieldValue.objects.filter(workspace=workspace).order_by(
        "opportunity__short_name", "field__key", "option__label"
    )
    return {
        "opportunities": list(
            opportunities.values_list(
                "short_name",
                "name",
                "organization__name",
                "phase__name",
                "status",
                "probability",
                "expected_value",
                "created_at",
                "owner__email",
            )
        ),
        "values": list(
            values.values_list(
                "opportunity__short_name", "field__key", "option__label", "number", "date"
            )
        ),
        "journal": JournalEntry.objects.filter(workspace=workspace).count(),
        "history": History.objects.filter(workspace=workspace).count(),
    }


def test_counts_grow_in_proportion_to_the_opportunities(large):
    def count(model):
        return model.objects.filter(workspace=large).count()

    assert count(Opportunity) == SIZE
    assert count(Organization) == SIZE // 10
    assert count(Contact) == 3 * SIZE // 10
    assert count(JournalEntry) == 3 * SIZE
    assert count(Task) == SIZE * 3 // 2
    assert 1.6 * SIZE < count(Member) < 2.4 * SIZE
    assert count(History) > SIZE
    assert History.objects.filter(workspace=large, field="created").count() == SIZE
    assert count(CustomFieldValue) > 3 * SIZE
    assert Opportunity.objects.filter(workspace=large, tags__isnull=False).exists()
    assert Membership.objects.filter(workspace=large).count() == 21
    owner = Membership.objects.get(workspace=large, role=Role.OWNER).user
    assert owner.email == "bench@opportune.example"
    assert owner.check_password("bench-opportune")


def test_short_names_are_unique_and_follow_numbers_and_counters(large):
    organizations = Organization.objects.filter(workspace=large)
    keys = [organization.key for organization in organizations]
    assert len(set(keys)) == len(keys)
    assert all(key.isalpha() and key.isupper() and 2 <= len(key) <= 6 for key in keys)
    numbers = defaultdict(list)
    opportunities = Opportunity.objects.filter(workspace=large).select_related("organization")
    for opportunity in opportunities.order_by("created_at", "pk"):
        organization = opportunity.organization
        assert opportunity.short_name == f"{organization.key}-{opportunity.number}"
        numbers[organization.pk].append(opportunity.number)
    for organization in organizations:
        counted = numbers[organization.pk]
        # Numbered in order of creation, none skipped, and the counter is where they stopped.
        assert counted == list(range(1, len(counted) + 1))
        assert organization.last_opportunity_number == len(counted)


def test_every_status_agrees_with_its_phase_and_its_history(large):
    has_lost_phase = Phase.objects.filter(workspace=large, kind=PhaseKind.LOST).exists()
    last_phase, saves = {}, defaultdict(set)
    history = History.objects.filter(workspace=large).order_by("created_at", "pk")
    for opportunity_id, field, value, at in history.values_list(
        "opportunity_id", "field", "new_value", "created_at"
    ):
        if field in ("created", "phase"):
            last_phase[opportunity_id] = int(value)
        if field != "created":
            saves[opportunity_id].add(at)  # the rows of one save share its moment
    statuses = set()
    for opportunity in Opportunity.objects.filter(workspace=large).select_related("phase"):
        phase, status = opportunity.phase, opportunity.status
        statuses.add(status)
        assert last_phase[opportunity.pk] == phase.pk
        assert opportunity.version == 1 + len(saves[opportunity.pk])
        if phase.kind == PhaseKind.WON:
            assert status in (Status.IMPLEMENTATION, Status.COMPLETED)
            assert opportunity.closed_on is not None
        elif phase.kind == PhaseKind.LOST or status == Status.LOST:
            # Without a lost phase, losing keeps the phase the deal was in.
            assert status == Status.LOST and (has_lost_phase or phase.kind == PhaseKind.OPEN)
            assert opportunity.closed_on is not None and opportunity.lost_reason
        else:
            assert status in (Status.SALES, Status.ON_HOLD)
            assert opportunity.closed_on is None
        if not opportunity.probability_is_manual:
            by_status = {Status.LOST: 0, Status.IMPLEMENTATION: 100, Status.COMPLETED: 100}
            assert opportunity.probability == by_status.get(status, phase.default_probability)
        assert opportunity.created_at <= opportunity.updated_at
    assert statuses == set(Status.values)
    trashed = Opportunity.objects.filter(workspace=large, deleted_at__isnull=False).count()
    assert trashed < SIZE * 0.05


def test_every_custom_value_sits_in_the_column_of_its_type(large):
    values = CustomFieldValue.objects.filter(workspace=large).select_related("field", "option")
    types = set()
    for value in values:
        column = COLUMN[FieldType(value.field.type)]
        types.add(value.field.type)
        for name in COLUMNS:
            stored = getattr(value, f"{name}_id" if name in ("option", "user") else name)
            empty = "" if name in ("text", "long_text") else None
            assert (stored != empty) == (name == column), (value.field.key, name)
        if value.option is not None:
            assert value.option.field_id == value.field_id
        if value.field.type == FieldType.CHECKBOX:
            assert value.boolean is True  # an unticked box is no row
    assert types == {"single_select", "multi_select", "number", "date", "checkbox"}
    doubled = (
        CustomFieldValue.objects.filter(workspace=large)
        .values("opportunity", "field", "option")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
    )
    assert not doubled.exists()


def test_every_row_belongs_to_the_one_workspace_and_its_people(large):
    editors = set(
        Membership.objects.filter(workspace=large)
        .exclude(role=Role.VIEWER)
        .values_list("user_id", flat=True)
    )
    opportunities = Opportunity.objects.filter(workspace=large)
    assert not opportunities.exclude(organization__workspace=large).exists()
    assert not opportunities.exclude(phase__workspace=large).exists()
    assert not opportunities.exclude(category=None).exclude(category__workspace=large).exists()
    assert set(opportunities.exclude(owner=None).values_list("owner", flat=True)) <= editors
    assert 0 < opportunities.filter(owner=None).count() < SIZE * 0.1
    assert not Contact.objects.exclude(organization__workspace=large).exists()
    members = Member.objects.filter(workspace=large)
    assert members.count() == Member.objects.count()
    # Members are people of the opportunity's own organization.
    assert not members.exclude(contact__organization=F("opportunity__organization")).exists()
    for model in (History, CustomFieldValue, JournalEntry, Task):
        rows = model.objects.all()
        assert rows.count() == rows.filter(workspace=large, opportunity__workspace=large).count()
    reminders = JournalEntry.objects.exclude(reminder_on=None)
    assert reminders.exists()
    assert set(reminders.values_list("reminder_for", flat=True)) <= editors
    assert not JournalEntry.objects.filter(reminder_on=None).exclude(reminder_for=None).exists()
    assert reminders.filter(reminder_done_at=None).exists()
    assigned = Task.objects.exclude(assignee=None).values_list("assignee", flat=True)
    assert set(assigned) <= editors


def test_a_second_run_without_replace_changes_nothing_and_says_so(large):
    before = snapshot(large)

    output = seed()

    assert "exists already" in output and "--replace" in output
    assert Workspace.objects.get(slug="large").pk == large.pk
    assert snapshot(large) == before


def test_replace_builds_the_same_workspace_again(large):
    before = snapshot(large)

    output = seed(replace=True)

    again = Workspace.objects.get(slug="large")
    assert again.pk != large.pk
    assert snapshot(again) == before
    assert not Opportunity.objects.filter(workspace_id=large.pk).exists()
    assert User.objects.filter(email="bench@opportune.example").count() == 1
    # A line per stage with its count, then how to sign in.
    assert "opportunities" in output and f"{SIZE:>10,}" in output
    assert "bench@opportune.example" in output
