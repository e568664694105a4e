"""The demo workspace's sales data: organizations, contacts, custom fields and opportunities
that went through every phase and status, made through the same services as the pages."""

import random
import unicodedata
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from opportune.contacts import services as contact_services
from opportune.contacts.models import Contact, Influence, Personality
from opportune.demo import data
from opportune.opportunities import services as opportunity_services
from opportune.opportunities.models import Attitude, History, Member, Opportunity, Status
from opportune.organizations import services as organization_services
from opportune.organizations.models import Organization
from opportune.pipeline import services as pipeline_services
from opportune.pipeline.models import Category, CustomField, Phase, PhaseKind
from opportune.tags import services as tag_services
from opportune.tags.models import Tag
from opportune.workspaces.models import Membership, Role, Workspace

# Demo business data. Everything below is reproducible: one seeded random generator, and the
# same order of calls on every run.

SEED = 2026
ORGANIZATION_COUNT_WEIGHT = {"E": 3, "M": 2, "S": 1}
CONTACTS_TOTAL = 80
# How many opportunities end in each state (see _plans): open ones per open phase, then the
# rest; 60 in all.
OPEN_PER_PHASE = [6, 7, 8, 7, 6]
CLOSED_PLAN = [("won", 8), ("completed", 5), ("on_hold", 4), ("lost", 9)]
ATTITUDE_WEIGHTS = {
    Attitude.ENTHUSIASTIC: 2,
    Attitude.POSITIVE: 4,
    Attitude.NEUTRAL: 3,
    Attitude.SKEPTICAL: 2,
    Attitude.OPPOSED: 1,
}
LOST_ATTITUDE_WEIGHTS = {
    Attitude.POSITIVE: 1,
    Attitude.NEUTRAL: 2,
    Attitude.SKEPTICAL: 3,
    Attitude.OPPOSED: 2,
}


def fill_sales_data(workspace, team) -> None:
    """Organizations, contacts, custom fields, opportunities in every phase and status, members."""
    rng = random.Random(SEED)
    roles = dict(
        Membership.objects.filter(workspace=workspace, user__in=team).values_list("user_id", "role")
    )
    sellers = [user for user in team if roles.get(user.pk) in (Role.OWNER, Role.ADMIN, Role.MEMBER)]
    sellers = sellers or list(team[:1])
    actor = sellers[0]
    if not Phase.objects.in_workspace(workspace).exists():
        pipeline_services.create_defaults(sender=Workspace, workspace=workspace)
    tags = _demo_tags(workspace)
    categories = _demo_categories(workspace)
    fields, options = _demo_custom_fields(workspace)
    organizations = _demo_organizations(workspace, actor, tags)
    contacts = _demo_contacts(workspace, actor, organizations, rng)
    _demo_opportunities(
        workspace, sellers, organizations, contacts, tags, categories, fields, options, rng
    )


def _demo_tags(workspace) -> dict[str, Tag]:
    existing = {tag.name: tag for tag in Tag.objects.in_workspace(workspace)}
    for name, colour in data.TAGS:
        if name not in existing:
            existing[name] = tag_services.tag_create(workspace=workspace, name=name, colour=colour)
    return existing


def _demo_categories(workspace) -> dict[str, Category]:
    """Category by role: the workspace's first two (Onboarding, Maintenance) and the extras."""
    categories = list(Category.objects.in_workspace(workspace))
    by_name = {category.name: category for category in categories}
    for name in data.EXTRA_CATEGORIES:
        if name not in by_name:
            by_name[name] = pipeline_services.category_create(workspace=workspace, name=name)
    defaults = [c for c in categories if c.name not in data.EXTRA_CATEGORIES]
    return {
        "onboarding": defaults[0] if defaults else None,
        "maintenance": defaults[1] if len(defaults) > 1 else None,
        "new": by_name["New business"],
        "upgrade": by_name["Upgrade"],
        "consulting": by_name["Consulting"],
    }


def _demo_custom_fields(workspace):
    """The fields of the source documents; returns ({key: field}, {(key, label): option})."""
    fields = {field.key: field for field in CustomField.objects.in_workspace(workspace)}
    for label, key, field_type, choices, shown in data.CUSTOM_FIELDS:
        if key not in fields:
            fields[key] = pipeline_services.custom_field_create(
                workspace=workspace,
                label=label,
                key=key,
                type=field_type,
                is_required=False,
                is_shown_in_list=shown,
                options=choices,
            )
    options = {
        (key, option.label): option
        for key, field in fields.items()
        for option in field.options.all()
    }
    return fields, options


def _demo_organizations(workspace, actor, tags) -> list[tuple[Organization, tuple]]:
    created = []
    for row in data.ORGANIZATIONS:
        name, street, postcode, city, country, domain, phone, language, _, tag_names, _ = row
        organization = organization_services.organization_create(
            workspace=workspace,
            actor=actor,
            name=name,
            street=street,
            postcode=postcode,
            city=city,
            country=country,
            email=f"{'info' if language == 'de' else 'hello'}@{domain}",
            phone=phone,
            website=f"https://www.{domain}",
            tags=[tags[tag] for tag in tag_names],
        )
        created.append((organization, row))
    return created


def _ascii(text: str) -> str:
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(umlaut, plain).replace(umlaut.upper(), plain.capitalize())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in text.lower() if char.isalnum())


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _demo_contacts(workspace, actor, organizations, rng) -> dict[int, list]:
    """About 80 people at all levels of influence, German or English as their organization."""
    counts = [2] * len(organizations)
    weights = [ORGANIZATION_COUNT_WEIGHT[row[8]] for _, row in organizations]
    while sum(counts) < CONTACTS_TOTAL:
        index = rng.choices(range(len(organizations)), weights=weights)[0]
        if counts[index] < 5:
            counts[index] += 1
    used_names = set()
    contacts = {}
    personalities = [*Personality.values, ""]
    for (organization, row), count in zip(organizations, counts, strict=True):
        language, domain = row[7], row[5]
        roles = data.ROLES[language]
        tops = [role for role in roles if role[3] == Influence.TOP]
        highs = [role for role in roles if role[3] == Influence.HIGH]
        others = [role for role in roles if role[3] in (Influence.MEDIUM, Influence.LOW)]
        # Most organizations name their decision maker; the bigger ones also a head of department.
        chosen = [rng.choice(tops if rng.random() < 0.8 else highs)]
        if row[8] == "E" or (row[8] == "M" and rng.random() < 0.5):
            chosen.append(rng.choice(highs))
        chosen += rng.sample(others, count - len(chosen))
        people = []
        for department, position_m, position_f, influence in chosen:
            while True:
                first, gender = rng.choice(data.FIRST_NAMES[language])
                last = rng.choice(data.LAST_NAMES[language])
                if (first, last) not in used_names:
                    used_names.add((first, last))
                    break
            degree = _weighted(rng, dict(data.DEGREES[language]))
            people.append(
                contact_services.contact_create(
                    workspace=workspace,
                    actor=actor,
                    organization=organization,
                    degree=degree,
                    first_name=first,
                    last_name=last,
                    department=department,
                    position=position_f if gender == "f" else position_m,
                    email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
                    phone=f"{row[6][:-2]}{rng.randint(10, 99)}",
                    mailing_address=(
                        "\n".join(organization.address_lines) if rng.random() < 0.5 else ""
                    ),
                    influence=influence,
                    personality=rng.choices(personalities, weights=[3, 3, 3, 3, 2])[0],
                )
            )
        contacts[organization.pk] = people
    return contacts


def _plans(rng, phases: list[Phase]) -> list[list[tuple]]:
    """The moves each opportunity goes through after its creation, in a shuffled order.

    Steps: ("phase", phase), ("win",), ("lose",), ("status", status).
    """
    open_phases = [phase for phase in phases if phase.kind == PhaseKind.OPEN]
    won_phases = [phase for phase in phases if phase.kind == PhaseKind.WON]
    plans = []

    def walk(upto: int) -> list[tuple]:
        return [("phase", phase) for phase in open_phases[1 : upto + 1]]

    for index, count in enumerate(OPEN_PER_PHASE):
        index = min(index, len(open_phases) - 1)
        plans += [walk(index) for _ in range(count)]
    last_open = len(open_phases) - 1
    for outcome, count in CLOSED_PLAN:
        for _ in range(count):
            if outcome == "won":
                plan = [*walk(rng.randint(min(2, last_open), last_open)), ("win",)]
            elif outcome == "completed":
                plan = [*walk(rng.randint(min(3, last_open), last_open)), ("win",)]
                if len(won_phases) > 1:
                    plan.append(("phase", won_phases[-1]))
                plan.append(("status", Status.COMPLETED))
            elif outcome == "on_hold":
                plan = [*walk(rng.randint(1, min(3, last_open))), ("status", Status.ON_HOLD)]
            else:
                plan = [*walk(rng.randint(0, min(3, last_open))), ("lose",)]
            plans.append(plan)
    rng.shuffle(plans)
    return plans


def _timeline(rng, now, steps: int, closed: bool) -> list:
    """Creation and step times, oldest first, all in the past."""
    end = now - timedelta(days=rng.uniform(2, 75) if closed else rng.uniform(0.3, 25))
    times = [end]
    for _ in range(steps):
        times.append(times[-1] - timedelta(days=rng.uniform(3, 24), hours=rng.uniform(0, 8)))
    return list(reversed(times))


def _run_step(step, opportunity, actor, rng, language):
    match step:
        case ("phase", phase):
            return opportunity_services.opportunity_move_to_phase(
                opportunity=opportunity, actor=actor, phase=phase
            )
        case ("win",):
            return opportunity_services.opportunity_win(opportunity=opportunity, actor=actor)
        case ("lose",):
            return opportunity_services.opportunity_lose(
                opportunity=opportunity, actor=actor, reason=rng.choice(data.LOST_REASONS[language])
            )
        case ("status", status):
            return opportunity_services.opportunity_update(
                opportunity=opportunity, actor=actor, version=None, changes={"status": status}
            )
    raise ValueError(step)


def _demo_opportunities(
    workspace, sellers, organizations, contacts, tags, categories, fields, options, rng
) -> None:
    started = timezone.now()
    today = timezone.localdate()
    phases = list(Phase.objects.in_workspace(workspace))
    plans = _plans(rng, phases)
    # Every organization has one; the rest go mostly to the bigger ones.
    counts = [1] * len(organizations)
    weights = [ORGANIZATION_COUNT_WEIGHT[row[8]] for _, row in organizations]
    while sum(counts) < len(plans):
        index = rng.choices(range(len(organizations)), weights=weights)[0]
        if counts[index] < 5:
            counts[index] += 1
    account_owner = {organization.pk: rng.choice(sellers) for organization, _ in organizations}
    assignments = []
    for (organization, row), count in zip(organizations, counts, strict=True):
        for name, category in rng.sample(data.PROJECTS[row[7]], count):
            assignments.append((organization, row, name, category))
    rng.shuffle(assignments)
    members = []
    for (organization, row, name, category), plan in zip(assignments, plans, strict=True):
        language, segment, currency = row[7], row[8], row[10]
        settled = any(step[0] in ("win", "lose", "status") for step in plan)
        times = _timeline(rng, started, len(plan), settled)
        owner = account_owner[organization.pk]
        if rng.random() < 0.2:
            owner = rng.choice(sellers)
        source = _weighted(
            rng, {"Website": 4, "Referral": 3, "Trade fair": 2, "Cold call": 2, "Partner": 2}
        )
        low, high, step = data.VALUE_RANGES[segment]
        value = Decimal(rng.randrange(low, high, step))
        if not plan and rng.random() < 0.4:
            value = None  # too early to say
        close_on = timezone.localtime(times[-1]).date() + timedelta(days=rng.randint(-15, 20))
        if not settled:
            close_on = today + timedelta(days=rng.randint(-25, 180))
        custom = {
            fields["region"]: options[("region", data.REGION_OF_COUNTRY[row[4]])],
            fields["segment"]: options[("segment", data.SEGMENTS[segment])],
        }
        opportunity_tags = [tags[tag] for tag in row[9] if tag != "Partner" and rng.random() < 0.7]
        if rng.random() < 0.3:
            opportunity_tags.append(tags[rng.choice(data.OPPORTUNITY_EXTRA_TAGS)])
        manual = rng.random() < 0.15 and plan and plan[-1][0] == "phase"
        opportunity = opportunity_services.opportunity_create(
            workspace=workspace,
            actor=owner,
            organization=organization,
            name=name,
            phase=phases[0],
            probability=rng.choice([15, 30, 35, 50, 60, 70, 80, 90]) if manual else None,
            category=categories[category],
            owner=owner,
            description=rng.choice(data.DESCRIPTIONS[language]),
            source=rng.choice(data.SOURCE_TEXTS[source][language]),
            expected_value=value,
            currency=currency,
            expected_close_on=close_on,
            custom=custom,
            tags=opportunity_tags,
        )
        _backdate_history(opportunity, started, times[0])
        closed_at = None
        for step, when in zip(plan, times[1:], strict=True):
            opportunity = _run_step(step, opportunity, owner, rng, language)
            _backdate_history(opportunity, started, when)
            if step[0] in ("win", "lose"):
                closed_at = when
        Opportunity.objects.filter(pk=opportunity.pk).update(
            created_at=times[0],
            updated_at=times[-1],
            closed_on=timezone.localtime(closed_at).date() if closed_at else None,
        )
        people = contacts[organization.pk]
        weights = LOST_ATTITUDE_WEIGHTS if opportunity.status == Status.LOST else ATTITUDE_WEIGHTS
        for contact in rng.sample(people, min(len(people), rng.choice([1, 2, 2, 3]))):
            members.append(
                Member(
                    workspace=workspace,
                    opportunity=opportunity,
                    contact=contact,
                    attitude=_weighted(rng, weights),
                )
            )
    Member.objects.bulk_create(members)
    _backdate_organizations(organizations, rng)


def _backdate_organizations(organizations, rng) -> None:
    """Organizations and their people were entered a little before their first opportunity."""
    for organization, _row in organizations:
        first = Opportunity.objects.filter(organization=organization).order_by("created_at")
        first = first.values_list("created_at", flat=True).first()
        if first is None:
            continue
        when = first - timedelta(days=rng.uniform(1, 30))
        Organization.objects.filter(pk=organization.pk).update(created_at=when, updated_at=when)
        Contact.objects.filter(organization=organization).update(created_at=when, updated_at=when)


def _backdate_history(opportunity, started, when) -> None:
    """The rows just written get the time the step took place, so reports have a past."""
    History.objects.filter(opportunity=opportunity, created_at__gte=started).update(created_at=when)
