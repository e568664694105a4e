"""`opportune seed-large`: one deterministic workspace of realistic size, for the benchmark harness.

The workspace "large" (Large Sales AG) gets, per opportunity, a tenth of an organization with three
contacts, about two members, three journal entries, one and a half tasks, a few history rows and
four to five custom field values. One seed drives it all: every run on the same day writes the
same rows (dates count back from today, so reminders stay due around it).

Rows are written with bulk_create in batches of BATCH, each batch one transaction (bulk_create's
own). The services are not called per row: they lock, validate and write one row at a time with
several queries each, far beyond the five minutes 100,000 opportunities may take (issue 15).
Their rules are mirrored here instead, and tests/test_seed_large.py checks that the result obeys
them:

- numbering (opportunity_create, decision 004): KEY-N per organization, N counting up in order
  of creation; each organization's `last_opportunity_number` is its count;
- keys: the first free letters-only candidate of `propose_key` (organization_create's rule),
  else letters after its stem, so every key is 2 to 6 capitals and unique;
- phase moves go through `phase_effects` itself (a pure function): a won phase means
  Implementation, 100 % and a closing date, an open phase the phase's default probability, and a
  manual probability stays. Losing without a lost phase keeps the phase and sets Lost, 0 % and
  the date (`_lose`); On hold and Completed are plain status changes (`_apply_status`), Completed
  after winning, as in the demo; every move is a save, so `version` is 1 + the moves;
- history (`_record_changes`): a "created" row with the first phase, then per move one row for
  each of phase, status and probability that changed, with raw values and labels;
- custom values (custom_values.store, decision 003): one row in the column of the field's type,
  one row per chosen option of a multi select, no row for an unticked checkbox;
- reminders and tasks (journal and tasks services): for editors only, never viewers, and a
  reminder names its person exactly when it has a date.

One opportunity, the showcase (named at the end), has 8 members, 30 journal entries, 10 tasks
and 51 history rows, for the detail page's benchmark.
"""

import random
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from itertools import accumulate, chain, islice, product
from string import ascii_uppercase

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from opportune.accounts.models import User
from opportune.contacts.models import Contact, Influence, Personality
from opportune.demo import data, large_data
from opportune.demo import large_activity as activity
from opportune.journal.models import JournalEntry
from opportune.opportunities.models import CustomFieldValue, History, Member, Opportunity, Status
from opportune.opportunities.services import (
    opportunities_journal_summary_store,
    opportunities_tasks_summary_store,
    phase_effects,
)
from opportune.organizations.keys import candidates
from opportune.organizations.models import Organization
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import Category, FieldType, Phase, PhaseKind
from opportune.tags import services as tag_services
from opportune.tasks.models import Task
from opportune.workspaces import services as workspace_services
from opportune.workspaces.models import Membership, Role, Workspace

SEED = 100_003
BATCH = 5_000
YEARS = 3
SLUG = "large"
NAME = "Large Sales AG"
BENCH_EMAIL = "bench@opportune.example"
BENCH_PASSWORD = "bench-opportune"
CUSTOM_FIELDS = [
    # label, key, type, options, shown in list
    ("Region", "region", FieldType.SINGLE_SELECT, data.REGIONS, True),
    ("Segment", "segment", FieldType.SINGLE_SELECT, data.SEGMENT_OPTIONS, False),
    ("Employees", "employees", FieldType.NUMBER, [], True),
    ("Contract start", "contract_start", FieldType.DATE, [], False),
    ("Products", "products", FieldType.MULTI_SELECT, large_data.PRODUCTS, True),
    ("Key account", "key_account", FieldType.CHECKBOX, [], False),
]
MANUAL_PROBABILITIES = [15, 30, 35, 50, 60, 70, 80, 90]
SOURCES = list(data.SOURCE_TEXTS.values())


class LargeWorkspace:
    """Plans every row in memory from the seed, then writes table by table, saying how far."""

    def __init__(self, *, opportunities: int, say):
        self.say = say
        self.started = time.perf_counter()
        self.opportunity_count = opportunities
        self.organization_count = max(1, opportunities // 10)
        self.today = timezone.localdate()
        self.now = timezone.make_aware(datetime.combine(self.today, clock.min))
        self.start = self.now - timedelta(days=365 * YEARS)
        self.status_labels = {value: str(label) for value, label in Status.choices}

    def _report_activity(self) -> None:
        opportunities = Opportunity.objects.filter(workspace=self.workspace)
        same = {"workspace": OuterRef("workspace"), "opportunity": OuterRef("pk")}
        entries = JournalEntry.objects.filter(**same)
        open_reminders = entries.filter(reminder_on__isnull=False, reminder_done_at__isnull=True)
        open_tasks = Task.objects.filter(**same, done_at__isnull=True).values("opportunity")
        opportunities_tasks_summary_store(
            opportunities=opportunities,
            open_task_count=Coalesce(
                Subquery(open_tasks.annotate(count=Count("pk")).values("count")), 0
            ),
        )
        opportunities_journal_summary_store(
            opportunities=opportunities,
            next_reminder_on=_first(open_reminders.order_by("reminder_on"), "reminder_on"),
            last_entry_at=_first(entries.order_by("-created_at"), "created_at"),
        )

    def _done(self, stage: str, count: int) -> None:
        self.say(f"{stage:<20} {count:>10,}  {time.perf_counter() - self.started:7.1f} s")

    def remove(self, workspace: Workspace) -> None:
        """Delete the workspace: the biggest tables first in single statements, then the
        ORM's cascade for the rest, so whatever other apps keep goes with it."""
        count = Opportunity.objects.filter(workspace=workspace).count()
        with transaction.atomic():
            for model in (CustomFieldValue, History, JournalEntry, Task, Member):
                model.objects.filter(workspace=workspace).delete()
            for model in (Opportunity, Contact, Organization):
                model.objects.filter(workspace=workspace).only("pk").delete()
            workspace.delete()
        self._done("removed the old one", count)

    def fill(self) -> Workspace:
        # A generator per table: a change to one table's rows leaves the others as they were.
        def rng(table: int) -> random.Random:
            return random.Random(SEED + table)

        self._setup()
        self._plan_organizations(rng(1))
        self._plan_opportunities(rng(3))
        self._done("planned", self.opportunity_count)
        with _timestamps_as_given():
            self._done("organizations", _insert(Organization, self.organizations))
            self._done("contacts", _insert(Contact, self._contacts(rng(2))))
            self._done("opportunities", _insert(Opportunity, self.opportunities))
            tags = _insert(Organization.tags.through, activity.organization_tags(self, rng(4)))
            tags += _insert(Opportunity.tags.through, activity.opportunity_tags(self, rng(5)))
            self._done("tags", tags)
            self._done("members", _insert(Member, activity.members(self, rng(6))))
            self._done("history", _insert(History, self._history()))
            values = activity.custom_values(self, rng(7))
            self._done("custom values", _insert(CustomFieldValue, values))
            self._done("journal entries", _insert(JournalEntry, activity.journal(self, rng(8))))
            self._done("tasks", _insert(Task, activity.tasks(self, rng(9))))
        # The list's copies of open tasks, next reminder and last activity, reported as the
        # journal's and the tasks' services report them.
        self._report_activity()
        with connection.cursor() as cursor:
            # Fresh statistics, as a routine ANALYZE (PostgreSQL) or a closing optimize would.
            cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")
        self._done("statistics", 1)
        return self.workspace

    @property
    def showcase(self) -> Opportunity:
        return self.opportunities[self.showcase_index]

    # The team and the pipeline, through the services: few rows.

    @transaction.atomic
    def _setup(self) -> None:
        # One hash for everybody: Argon2 takes a good part of a second per call.
        password = make_password(BENCH_PASSWORD)
        people = [(BENCH_EMAIL, "Bench Seller", Role.OWNER)] + [
            (f"{slugify(name).replace('-', '.')}@{large_data.TEAM_DOMAIN}", name, role)
            for name, role in large_data.TEAM
        ]
        users = []
        for email, name, _ in people:
            user, _ = User.objects.update_or_create(
                email=email, defaults={"full_name": name, "password": password}
            )
            users.append(user)
        workspace = workspace_services.workspace_create(name=NAME, owner=users[0])
        Workspace.objects.filter(pk=workspace.pk).update(slug=SLUG)
        workspace.refresh_from_db()
        Membership.objects.bulk_create(
            Membership(workspace=workspace, user=user, role=role)
            for user, (_, _, role) in zip(users[1:], people[1:], strict=True)
        )
        self.workspace = workspace
        self.sellers = [
            user.pk for user, (_, _, role) in zip(users, people, strict=True) if role != Role.VIEWER
        ]
        # The bench user sells most, so My day has plenty to show when signed in as them.
        self.seller_weights = [4] + [1] * (len(self.sellers) - 1)
        for name in data.EXTRA_CATEGORIES:
            pipeline_services.category_create(workspace=workspace, name=name)
        categories = list(Category.objects.in_workspace(workspace))
        roles = ["onboarding", "maintenance", "new", "upgrade", "consulting"]
        self.categories = dict(zip(roles, categories, strict=True))
        self.tags = [
            tag_services.tag_create(workspace=workspace, name=name, colour=colour)
            for name, colour in [*data.TAGS, *large_data.EXTRA_TAGS]
        ]
        self.fields = {}
        for label, key, field_type, options, shown in CUSTOM_FIELDS:
            self.fields[key] = pipeline_services.custom_field_create(
                workspace=workspace,
                label=label,
                key=key,
                type=field_type,
                is_required=False,
                is_shown_in_list=shown,
                options=options,
            )
        self.options = {
            key: {option.label: option.pk for option in field.options.all()}
            for key, field in self.fields.items()
        }
        phases = list(Phase.objects.in_workspace(workspace))
        self.open_phases = [phase for phase in phases if phase.kind == PhaseKind.OPEN]
        self.won_phases = [phase for phase in phases if phase.kind == PhaseKind.WON]
        self.lost_phases = [phase for phase in phases if phase.kind == PhaseKind.LOST]
        self._done("team and pipeline", len(users))

    # Organizations and contacts

    def _plan_organizations(self, rng) -> None:
        countries = large_data.COUNTRIES
        country_weights = list(accumulate(country[3] for country in countries))
        segments = list(large_data.SEGMENT_SHAPES)
        segment_weights = list(accumulate(s[0] for s in large_data.SEGMENT_SHAPES.values()))
        names, keys = set(), set()
        self.organizations, self.profiles, self.draw = [], [], []
        for index in range(self.organization_count):
            country, language, currency, _, postcode, prefix, cities = rng.choices(
                countries, cum_weights=country_weights
            )[0]
            # The first one is the showcase's customer: big, with many people.
            segment = "E" if index == 0 else rng.choices(segments, cum_weights=segment_weights)[0]
            _, draw, (fewest, most) = large_data.SEGMENT_SHAPES[segment]
            city = rng.choice(cities)
            base, name = _organization_name(rng, language, country, city, names)
            names.add(name)
            key = _key(name, keys)
            keys.add(key)
            domain = f"{slugify(base)}.example"
            self.organizations.append(
                Organization(
                    workspace=self.workspace,
                    name=name,
                    key=key,
                    street=f"{rng.choice(large_data.STREETS[language])} {rng.randint(1, 180)}",
                    postcode=_postcode(rng, postcode),
                    city=city,
                    country=country,
                    email=f"{'info' if language == 'de' else 'hello'}@{domain}",
                    phone=f"{prefix} 555 {rng.randint(1000, 9999)}",
                    website=f"https://www.{domain}",
                )
            )
            is_key_account = segment == "E" and rng.random() < 0.4
            self.profiles.append(
                {
                    "language": language,
                    "currency": currency,
                    "segment": segment,
                    "region": data.REGION_OF_COUNTRY[country],
                    "employees": Decimal(rng.randint(fewest, most)),
                    "is_key_account": is_key_account,
                    "account_owner": rng.choices(self.sellers, weights=self.seller_weights)[0],
                }
            )
            self.draw.append(draw * rng.uniform(0.3, 1.7))

    def _contacts(self, rng) -> list[Contact]:
        count = len(self.organizations)
        per_organization = [1] * count
        # The showcase's organization has a few more people than it takes as members.
        per_organization[0] = min(large_data.SHOWCASE["members"] + 2, 2 * count + 1)
        rest = 3 * count - sum(per_organization)
        for pick in rng.choices(range(count), weights=self.draw, k=rest):
            per_organization[pick] += 1
        personalities = [*Personality.values, ""]
        degrees = {
            language: list(zip(*pairs, strict=True)) for language, pairs in data.DEGREES.items()
        }
        self.contacts_of = []
        contacts = []
        for organization, profile, how_many in zip(
            self.organizations, self.profiles, per_organization, strict=True
        ):
            language = profile["language"]
            roles = data.ROLES[language]
            deciders = [role for role in roles if role[3] in (Influence.TOP, Influence.HIGH)]
            people = []
            for number in range(how_many):
                # Most organizations name a decision maker first.
                department, position_m, position_f, influence = rng.choice(
                    deciders if number == 0 else roles
                )
                first, gender = rng.choice(data.FIRST_NAMES[language])
                last = rng.choice(data.LAST_NAMES[language])
                mailbox = f"{slugify(first)}.{slugify(last)}".replace("-", "")
                people.append(
                    Contact(
                        workspace=self.workspace,
                        organization=organization,
                        degree=rng.choices(*degrees[language])[0],
                        first_name=first,
                        last_name=last,
                        department=department,
                        position=position_f if gender == "f" else position_m,
                        email=f"{mailbox}@{organization.email.split('@')[1]}",
                        phone=f"{organization.phone[:-2]}{rng.randint(10, 99)}",
                        mailing_address=(
                            "\n".join(organization.address_lines) if rng.random() < 0.3 else ""
                        ),
                        influence=influence,
                        personality=rng.choices(personalities, weights=[3, 3, 3, 3, 2])[0],
                        created_at=organization.created_at + timedelta(hours=rng.uniform(0, 20)),
                        updated_at=organization.created_at + timedelta(hours=21),
                    )
                )
            self.contacts_of.append(people)
            contacts += people
        return contacts

    # Opportunities and their history

    def _plan_opportunities(self, rng) -> None:
        count = self.opportunity_count
        window = (self.now - self.start).total_seconds()
        offsets = sorted(rng.uniform(0, window) for _ in range(count))
        self.organization_of = rng.choices(
            range(len(self.organizations)), weights=self.draw, k=count
        )
        self.showcase_index = count * 9 // 10
        self.organization_of[self.showcase_index] = 0
        first_at = {}
        self.opportunities, self.histories = [], []
        for index, offset in enumerate(offsets):
            created_at = self.start + timedelta(seconds=offset)
            first_at.setdefault(self.organization_of[index], created_at)
            self.opportunities.append(self._plan_opportunity(rng, index, created_at))
        # Organizations were entered a little before their first opportunity.
        for index, organization in enumerate(self.organizations):
            first = first_at.get(index, self.start + timedelta(seconds=rng.uniform(0, window)))
            organization.created_at = first - timedelta(days=rng.uniform(1, 30))
            organization.updated_at = organization.created_at

    def _plan_opportunity(self, rng, index: int, created_at) -> Opportunity:
        organization = self.organizations[self.organization_of[index]]
        profile = self.profiles[self.organization_of[index]]
        language = profile["language"]
        organization.last_opportunity_number += 1
        number = organization.last_opportunity_number
        if index == self.showcase_index:
            outcome, first, steps = "open", self.open_phases[0], self._showcase_steps(rng)
        else:
            outcome, first, steps = self._steps(rng, (self.now - created_at).days)
        showcase = index == self.showcase_index
        manual = outcome in ("open", "on_hold") and rng.random() < 0.1 and not showcase
        state = {
            "phase": first,
            "status": Status.SALES,
            "probability": rng.choice(MANUAL_PROBABILITIES) if manual else 0,
            "closed_on": None,
        }
        state |= phase_effects(first, status=Status.SALES, probability_is_manual=manual)
        owner = profile["account_owner"] if rng.random() < 0.8 else rng.choice(self.sellers)
        if rng.random() < 0.03:
            owner = None
        created_by = owner or profile["account_owner"]
        history = [(created_at, "created", None, first)]
        span = (self.now - created_at) * rng.uniform(0.05, 0.9)
        when = created_at
        times = sorted(created_at + span * rng.random() for _ in steps)
        for step, when in zip(steps, times, strict=True):
            before = dict(state)
            _apply(step, state, manual, timezone.localtime(when).date())
            history += [
                (when, name, before[name], state[name])
                for name in ("phase", "status", "probability")
                if before[name] != state[name]
            ]
        self.histories.append((created_by, history))
        project, category = rng.choice(data.PROJECTS[language])
        low, high, step = data.VALUE_RANGES[profile["segment"]]
        early = state["phase"] in self.open_phases[:2]
        source = rng.choice(SOURCES)[language]
        if state["closed_on"] is None:
            close_on = self.today + timedelta(days=rng.randint(-30, 240))
        else:
            close_on = state["closed_on"] + timedelta(days=rng.randint(-20, 20))
        deleted_at = None
        if rng.random() < 0.005:
            deleted_at = when + (self.now - when) * rng.random()
        return Opportunity(
            workspace=self.workspace,
            organization=organization,
            number=number,
            short_name=f"{organization.key}-{number}",
            short_name_key=organization.key,
            organization_sort_name=organization.name,
            phase_position=state["phase"].position,
            name=project,
            category=self.categories[category] if rng.random() < 0.9 else None,
            status=state["status"],
            phase=state["phase"],
            owner_id=owner,
            description=rng.choice(data.DESCRIPTIONS[language]),
            probability=state["probability"],
            probability_is_manual=manual,
            source=rng.choice(source),
            expected_value=(
                None if early and rng.random() < 0.3 else Decimal(rng.randrange(low, high, step))
            ),
            currency=profile["currency"],
            expected_close_on=close_on,
            closed_on=state["closed_on"],
            lost_reason=(
                rng.choice(data.LOST_REASONS[language]) if state["status"] == Status.LOST else ""
            ),
            version=1 + len(steps),
            created_by_id=created_by,
            deleted_at=deleted_at,
            created_at=created_at,
            updated_at=when,
        )

    def _steps(self, rng, age_days: int) -> tuple[str, Phase, list]:
        """How an opportunity got where it is: its outcome, first phase and later moves."""
        last = len(self.open_phases) - 1
        if rng.random() < min(0.85, 0.1 + age_days / 500):
            outcome = rng.choices(("won", "completed", "lost"), weights=(4, 3, 5))[0]
        else:
            outcome = "on_hold" if rng.random() < 0.08 else "open"
        if outcome in ("open", "on_hold"):
            reach = rng.choices(range(last + 1), weights=[30, 25, 20, 15, 10][: last + 1])[0]
        elif outcome == "lost":
            reach = rng.randint(0, min(3, last))
        else:
            reach = rng.randint(min(2, last), last)
        # Some were entered early and walked through the phases, others entered where they stand.
        walked = rng.random() < 0.4
        first = self.open_phases[0 if walked else reach]
        steps = [("phase", phase) for phase in self.open_phases[1 : reach + 1]] if walked else []
        if outcome in ("won", "completed") and self.won_phases:
            steps.append(("phase", self.won_phases[0]))
            if outcome == "completed":
                if len(self.won_phases) > 1:
                    steps.append(("phase", self.won_phases[-1]))
                steps.append(("status", Status.COMPLETED))
        elif outcome == "lost":
            steps.append(("phase", self.lost_phases[0]) if self.lost_phases else ("lose",))
        elif outcome == "on_hold":
            steps.append(("status", Status.ON_HOLD))
        return outcome, first, steps

    def _showcase_steps(self, rng) -> list:
        steps, current = [], self.open_phases[0]
        for _ in range(large_data.SHOWCASE["moves"] if len(self.open_phases) > 1 else 0):
            current = rng.choice([phase for phase in self.open_phases if phase != current])
            steps.append(("phase", current))
        return steps

    def _history(self) -> Iterable[History]:
        for opportunity, (actor, rows) in zip(self.opportunities, self.histories, strict=True):
            for when, field, old, new in rows:
                yield History(
                    workspace=self.workspace,
                    opportunity_id=opportunity.pk,
                    actor_id=actor,
                    field=field,
                    old_value=self._raw(field, old),
                    new_value=self._raw(field, new),
                    old_label=self._label(field, old),
                    new_label=self._label(field, new),
                    created_at=when,
                )

    def _raw(self, field: str, value) -> str:
        if value is None:
            return ""
        return str(value.pk) if isinstance(value, Phase) else str(value)

    def _label(self, field: str, value) -> str:
        if value is None:
            return ""
        if isinstance(value, Phase):
            return value.name
        return self.status_labels[value] if field == "status" else str(value)


def _apply(step: tuple, state: dict, manual: bool, on) -> None:
    """One move, as the services make it (see the module's docstring)."""
    match step:
        case ("phase", phase):
            state |= phase_effects(phase, status=state["status"], probability_is_manual=manual)
            if state["closed_on"] is not None:
                state["closed_on"] = on  # the day of the move, not of the seeding
        case ("lose",):
            state |= {"status": Status.LOST, "closed_on": on}
            if not manual:
                state["probability"] = 0
        case ("status", status):
            state["status"] = status


def _organization_name(rng, language, country, city, taken) -> tuple[str, str]:
    """A free name: "<first> <second> <legal form>", with the city or a number if need be."""
    first = rng.choice(large_data.FIRST_WORDS[language])
    second = rng.choice(large_data.SECOND_WORDS[language])
    form = rng.choice(large_data.LEGAL_FORMS[country])
    numbered = (f"{first} {second} {number}" for number in range(2, 10_000))
    for base in chain([f"{first} {second}", f"{first} {second} {city}"], numbered):
        if f"{base} {form}" not in taken:
            return base, f"{base} {form}"
    raise RuntimeError("no free name")  # pragma: no cover - 10,000 numbered variants


def _key(name: str, taken: set[str]) -> str:
    """The app's proposal if it is free and all letters, else letters after its stem."""
    for key in islice(candidates(name), 8):  # the numbered variants come after these
        if key.isalpha() and key not in taken:
            return key
    stem = next(candidates(name))[:3]
    for length in (1, 2, 3):
        for letters in product(ascii_uppercase, repeat=length):
            if (key := stem + "".join(letters)) not in taken:
                return key
    raise RuntimeError("no free key")  # pragma: no cover - 18,000 variants per stem


def _postcode(rng, form) -> str:
    if form == "uk":
        letters = "ABCDEFGHJKLMNPRSTUWXYZ"
        return (
            f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 20)} "
            f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        )
    return str(rng.randint(10 ** (form - 1), 10**form - 1))


def _first(rows, column):
    return Subquery(rows.values(column)[:1])


def _insert(model, rows: Iterable) -> int:
    """Write `rows` in batches; bulk_create makes each batch one transaction. The instances
    get their primary keys, which later tables refer to."""
    rows = iter(rows)
    count = 0
    while batch := list(islice(rows, BATCH)):
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


@contextmanager
def _timestamps_as_given():
    """bulk_create stamps auto_now(_add) fields with the present moment; the seed backdates them,
    so they are plain fields while it writes. (Shared field objects: only for a command.)"""
    fields = [
        field
        for model in (Organization, Contact, Opportunity, Member, History, JournalEntry, Task)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
