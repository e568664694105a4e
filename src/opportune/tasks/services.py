"""Every write to tasks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.workspaces.selectors import editors_of

from .models import Task


def _check(workspace, title: str, assignee) -> str:
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Enter what needs to be done.")
    elif len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if assignee is not None and not editors_of(workspace).filter(pk=assignee.pk).exists():
        errors["assignee"] = _("Choose a member of this workspace.")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def task_add(*, opportunity, actor, title: str, assignee=None, due_on=None) -> Task:
    title = _check(opportunity.workspace, title, assignee)
    return Task.objects.create(
        workspace=opportunity.workspace,
        opportunity=opportunity,
        title=title,
        assignee=assignee,
        due_on=due_on,
        created_by=actor,
    )


@transaction.atomic
def task_update(*, task: Task, actor, title: str, assignee=None, due_on=None) -> Task:
    task.title = _check(task.opportunity.workspace, title, assignee)
    task.assignee, task.due_on = assignee, due_on
    task.save(update_fields=["title", "assignee", "due_on"])
    return task


@transaction.atomic
def task_reassign(*, task: Task, actor, assignee) -> Task:
    _check(task.opportunity.workspace, task.title, assignee)
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    return task


@transaction.atomic
def task_complete(*, task: Task, actor) -> Task:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    return task


@transaction.atomic
def task_reopen(*, task: Task, actor) -> Task:
    task.done_at = None
    task.save(update_fields=["done_at"])
    return task


@transaction.atomic
def task_snooze(*, task: Task, actor, until) -> Task:
    task.due_on = until
    task.save(update_fields=["due_on"])
    return task


@transaction.atomic
def task_delete(*, task: Task, actor) -> None:
    task.delete()
