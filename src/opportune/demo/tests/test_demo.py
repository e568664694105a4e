"""`opportune demo`: a full, reproducible sales pipeline, and nothing new on a second run."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from opportune.accounts.models import User
from opportune.contacts.models import Contact, Influence
from opportune.demo.management.commands.demo import DEMO_EMAIL, DEMO_TEAM
from opportune.demo.sales import fill_sales_data
from opportune.opportunities.models import (
    Attitude,
    CustomFieldValue,
    History,
    Member,
    Opportunity,
    Status,
)
from opportune.organizations.keys import KEY_PATTERN
from opportune.organizations.models import Organization
from opportune.pipeline.models import CustomField, Phase
from opportune.tags.models import Tag
from opportune.workspaces import services as workspace_services
from opportune.workspaces.models import Membership, Workspace

pytestmark = [
    pytest.mark.django_db,
]


def counts(workspace) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(workspace=workspace).count()
        for model in (
            Organization,
            Contact,
            Opportunity,
            Member,
            History,
            Tag,
            CustomField,
            CustomFieldValue,
            Phase,
        )
    }


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """One run of the command for the whole module (it takes a few seconds), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=StringIO())
        yield Workspace.objects.get(slug="demo")
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def test_demo_fills_a_whole_pipeline(demo):
    assert Organization.objects.filter(workspace=demo).count() >= 30
    assert Contact.objects.filter(workspace=demo).count() >= 80
    opportunities = Opportunity.objects.filter(workspace=demo)
    assert opportunities.count() >= 60
    assert set(opportunities.values_list("status", flat=True)) == set(Status.values)
    phases = set(Phase.objects.filter(workspace=demo).values_list("pk", flat=True))
    assert set(opportunities.values_list("phase", flat=True)) == phases
    assert set(opportunities.values_list("currency", flat=True)) >= {"EUR", "USD", "GBP"}
    # Every state was reached through the domain rules, so the history tells how.
    assert History.objects.filter(workspace=demo, field=History.Field.CREATED).count() == (
        opportunities.count()
    )
    for field in (History.Field.PHASE, History.Field.STATUS, History.Field.PROBABILITY):
        assert History.objects.filter(workspace=demo, field=field).exists()


def test_demo_custom_fields_are_region_and_segment_and_hold_values(demo):
    fields = {field.key: field for field in CustomField.objects.filter(workspace=demo)}
    assert {key: field.type for key, field in fields.items()} == {
        "region": "single_select",
        "segment": "single_select",
    }
    assert [o.label for o in fields["region"].options.all()] == [
        "DACH",
        "UK & Ireland",
        "Benelux",
        "Nordics",
        "North America",
    ]
    assert [o.label for o in fields["segment"].options.all()] == [
        "Enterprise",
        "Mid-market",
        "Small business",
    ]
    for field in fields.values():
        assert CustomFieldValue.objects.filter(field=field).exists(), field.key


def test_demo_has_no_custom_fields_that_shadow_built_in_ones(demo):
    # Probability and source are built in; a custom copy of them would drift apart.
    labels = {
        label.lower()
        for label in CustomField.objects.filter(workspace=demo).values_list("label", flat=True)
    }
    assert not labels & {"probability", "source", "closing probability"}
    assert Opportunity.objects.filter(workspace=demo).exclude(source="").exists()


def test_demo_organizations_contacts_and_members_look_real(demo):
    organizations = Organization.objects.filter(workspace=demo)
    for organization in organizations:
        assert KEY_PATTERN.match(organization.key)
        assert organization.street and organization.postcode and organization.city
        assert organization.country
        assert organization.email.endswith(".example")
        assert re.match(r"^https://www\.[a-z0-9-]+\.example$", organization.website)
        assert organization.phone.startswith("+")
    assert organizations.get(name="Bionic Systems GmbH").key == "BION"
    assert organizations.filter(tags__name="Key account").exists()
    assert organizations.filter(tags__name="Public sector").exists()
    assert organizations.filter(tags__name="Partner").exists()
    assert Opportunity.objects.filter(workspace=demo, tags__isnull=False).exists()

    contacts = Contact.objects.filter(workspace=demo)
    assert set(contacts.values_list("influence", flat=True)) == set(Influence.values)
    assert contacts.exclude(degree="").exists()
    assert contacts.filter(degree="Dr.").exists()
    assert contacts.exclude(personality="").count() > contacts.count() / 2
    for contact in contacts:
        assert contact.email.endswith(".example")
        assert contact.department and contact.position and contact.phone

    members = Member.objects.filter(workspace=demo).select_related("opportunity", "contact")
    assert set(members.values_list("attitude", flat=True)) == set(Attitude.values)
    for member in members:
        assert member.contact.organization_id == member.opportunity.organization_id


def test_demo_owners_are_team_members_who_may_edit(demo):
    owners = Opportunity.objects.filter(workspace=demo).values_list("owner__email", flat=True)
    assert None not in owners
    assert "vera.viewer@opportune.example" not in set(owners)
    assert len(set(owners)) >= 3


def test_demo_twice_creates_nothing_new(demo, capsys):
    before = counts(demo)
    short_names = sorted(Opportunity.objects.values_list("short_name", flat=True))
    call_command("demo")
    assert counts(demo) == before
    assert sorted(Opportunity.objects.values_list("short_name", flat=True)) == short_names
    assert "demo@opportune.example" in capsys.readouterr().out


def rows(workspace):
    return list(
        Opportunity.objects.filter(workspace=workspace)
        .order_by("short_name")
        .values_list(
            "short_name",
            "name",
            "status",
            "phase__name",
            "probability",
            "expected_value",
            "currency",
            "expected_close_on",
            "owner__email",
            "source",
        )
    )


def test_demo_data_is_reproducible(demo):
    team = [User.objects.get(email=DEMO_EMAIL)]
    copy = workspace_services.workspace_create(name="Copy", owner=team[0])
    for email, _name, role, _language in DEMO_TEAM:
        team.append(User.objects.get(email=email))
        Membership.objects.create(workspace=copy, user=team[-1], role=role)
    fill_sales_data(copy, team)
    assert rows(copy) == rows(demo)
    assert counts(copy) == counts(demo)


@pytest.mark.django_db
def test_demo_has_journal_reminders_and_tasks_for_my_day():
    from django.utils import timezone

    from opportune.journal.models import JournalEntry
    from opportune.myday.agenda import agenda_for
    from opportune.tasks.models import Task

    call_command("demo", stdout=StringIO())
    entries, tasks = JournalEntry.objects.count(), Task.objects.count()
    assert entries >= 60 and tasks >= 20
    assert set(JournalEntry.objects.values_list("mood", flat=True)) == {"happy", "neutral", "sad"}
    today = timezone.localdate()
    reminders = JournalEntry.objects.open_reminders()
    assert reminders.filter(reminder_on__lt=today).exists()
    assert reminders.filter(reminder_on=today).exists()
    workspace = Workspace.objects.get(slug="demo")
    lukas = User.objects.get(email="lukas.ebner@opportune.example")
    demo_admin = User.objects.get(email="demo@opportune.example")
    assert not agenda_for(demo_admin, workspace).is_empty
    assert not agenda_for(lukas, workspace).is_empty
    call_command("demo", stdout=StringIO())
    assert (JournalEntry.objects.count(), Task.objects.count()) == (entries, tasks)
