"""What hangs off each opportunity of the large workspace: tags, members, custom values,
journal entries and tasks (the plan and the rules they follow: large.py).

Each function yields unsaved rows for one table from the plan's opportunities, which have their
primary keys by then, and the random generator it is given.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from opportune.demo import activity, data, large_data
from opportune.demo.sales import ATTITUDE_WEIGHTS, LOST_ATTITUDE_WEIGHTS
from opportune.journal.models import JournalEntry
from opportune.opportunities.models import CustomFieldValue, Member, Opportunity, Status
from opportune.organizations.models import Organization
from opportune.tasks.models import Task


def organization_tags(plan, rng) -> Iterable:
    """Key accounts carry their tag; a few organizations are public sector or partners."""
    tag_of = {tag.name: tag.pk for tag in plan.tags}
    for organization, profile in zip(plan.organizations, plan.profiles, strict=True):
        names = ["Key account"] if profile["is_key_account"] else []
        names += [name for name in ("Public sector", "Partner") if rng.random() < 0.05]
        for name in names:
            yield Organization.tags.through(organization_id=organization.pk, tag_id=tag_of[name])


def opportunity_tags(plan, rng) -> Iterable:
    for opportunity in plan.opportunities:
        if rng.random() < 0.35:
            for tag in rng.sample(plan.tags, 1 if rng.random() < 0.8 else 2):
                yield Opportunity.tags.through(opportunity_id=opportunity.pk, tag_id=tag.pk)


def members(plan, rng) -> Iterable[Member]:
    for index, opportunity in enumerate(plan.opportunities):
        people = plan.contacts_of[plan.organization_of[index]]
        wanted = rng.choices((1, 2, 3, 4), weights=(30, 35, 22, 13))[0]
        if index == plan.showcase_index:
            wanted = large_data.SHOWCASE["members"]
        lost = opportunity.status == Status.LOST
        weights = LOST_ATTITUDE_WEIGHTS if lost else ATTITUDE_WEIGHTS
        for contact in rng.sample(people, min(wanted, len(people))):
            yield Member(
                workspace=plan.workspace,
                opportunity_id=opportunity.pk,
                contact_id=contact.pk,
                attitude=rng.choices(list(weights), weights=list(weights.values()))[0],
                created_at=min(
                    plan.now, opportunity.created_at + timedelta(minutes=rng.randint(1, 600))
                ),
            )


def custom_values(plan, rng) -> Iterable[CustomFieldValue]:
    products = list(plan.options["products"].values())
    for index, opportunity in enumerate(plan.opportunities):
        profile = plan.profiles[plan.organization_of[index]]
        values = []
        if rng.random() < 0.95:
            values.append(("region", "option_id", plan.options["region"][profile["region"]]))
        if rng.random() < 0.9:
            segment = data.SEGMENTS[profile["segment"]]
            values.append(("segment", "option_id", plan.options["segment"][segment]))
        if rng.random() < 0.7:
            values.append(("employees", "number", profile["employees"]))
        if opportunity.status in (Status.IMPLEMENTATION, Status.COMPLETED):
            start = opportunity.closed_on + timedelta(days=rng.randint(14, 90))
            values.append(("contract_start", "date", start))
        if rng.random() < 0.6:
            chosen = sorted(rng.sample(range(len(products)), rng.randint(1, 3)))
            values += [("products", "option_id", products[position]) for position in chosen]
        if profile["is_key_account"]:
            values.append(("key_account", "boolean", True))
        for key, column, value in values:
            yield CustomFieldValue(
                workspace=plan.workspace,
                opportunity_id=opportunity.pk,
                field_id=plan.fields[key].pk,
                **{column: value},
            )


def _spread(plan, rng, total: int, showcase: int) -> list[int]:
    """`total` rows over the opportunities at random, exactly `showcase` of them on the
    showcase."""
    count = plan.opportunity_count
    if count == 1:
        return [total]
    showcase = min(showcase, total)
    per_opportunity = [0] * count
    per_opportunity[plan.showcase_index] = showcase
    for pick in rng.choices(range(count - 1), k=total - showcase):
        per_opportunity[pick + (pick >= plan.showcase_index)] += 1
    return per_opportunity


def _active(plan, rng, opportunity: Opportunity, how_many: int) -> list[datetime]:
    """Moments while the opportunity was worked on, oldest first."""
    end = plan.now
    if opportunity.closed_on is not None:
        end = min(plan.now, opportunity.updated_at + timedelta(days=60))
    if opportunity.deleted_at is not None:
        end = opportunity.deleted_at
    span = end - opportunity.created_at
    return sorted(opportunity.created_at + span * rng.random() for _ in range(how_many))


def journal(plan, rng) -> Iterable[JournalEntry]:
    notes = [*activity.NOTES, *large_data.NOTES]
    counts = _spread(plan, rng, 3 * plan.opportunity_count, large_data.SHOWCASE["journal"])
    for opportunity, how_many in zip(plan.opportunities, counts, strict=True):
        for created_at in _active(plan, rng, opportunity, how_many):
            mood, text = rng.choice(notes)
            author = opportunity.owner_id
            if author is None or rng.random() < 0.4:
                author = rng.choices(plan.sellers, weights=plan.seller_weights)[0]
            reminder_on = reminder_for = reminder_time = done_at = None
            if rng.random() < large_data.REMINDER_SHARE:
                day = timezone.localtime(created_at).date()
                reminder_on = day + timedelta(days=rng.randint(1, 21))
                reminder_for = author
                reminder_time = rng.choice([None, None, clock(9), clock(14, 30)])
                if reminder_on < plan.today and rng.random() < 0.98:
                    done_at = min(
                        plan.now,
                        timezone.make_aware(datetime.combine(reminder_on, clock(8)))
                        + timedelta(minutes=rng.randint(0, 600)),
                    )
            yield JournalEntry(
                workspace=plan.workspace,
                opportunity_id=opportunity.pk,
                author_id=author,
                mood=mood,
                text=text,
                reminder_on=reminder_on,
                reminder_time=reminder_time,
                reminder_for_id=reminder_for,
                reminder_done_at=done_at,
                created_at=created_at,
            )


def tasks(plan, rng) -> Iterable[Task]:
    titles = [*activity.TASKS, *large_data.TASKS]
    counts = _spread(plan, rng, plan.opportunity_count * 3 // 2, large_data.SHOWCASE["tasks"])
    for opportunity, how_many in zip(plan.opportunities, counts, strict=True):
        for created_at in _active(plan, rng, opportunity, how_many):
            due_on = timezone.localtime(created_at).date() + timedelta(days=rng.randint(1, 30))
            done_at = None
            # Closed deals leave nothing overdue; open ones a few.
            overdue = 0.0 if opportunity.closed_on else 0.03
            if rng.random() < (1 - overdue if due_on < plan.today else 0.1):
                done_at = min(plan.now, created_at + timedelta(days=rng.uniform(0, 30)))
            assignee = opportunity.owner_id
            if assignee is None or rng.random() < 0.3:
                assignee = rng.choice(plan.sellers)
            yield Task(
                workspace=plan.workspace,
                opportunity_id=opportunity.pk,
                title=rng.choice(titles),
                assignee_id=None if rng.random() < 0.05 else assignee,
                due_on=due_on,
                done_at=done_at,
                created_by_id=opportunity.created_by_id,
                created_at=created_at,
            )
