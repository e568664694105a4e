"""Every write to tasks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opportune.opportunities.models import Opportunity
from opportune.opportunities.services import opportunities_tasks_summary_store
from opportune.workspaces.models import Membership
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


def _report(opportunity_id) -> None:
    """Tell the opportunity how many of its tasks are open (the list shows and sorts by it)."""
    open_tasks = Task.objects.filter(opportunity_id=opportunity_id, done_at__isnull=True)
    opportunities_tasks_summary_store(
        opportunities=Opportunity.objects.filter(pk=opportunity_id),
        open_task_count=open_tasks.count(),
    )


@transaction.atomic
def task_add(*, opportunity, actor, title: str, assignee=None, due_on=None) -> Task:
    """Any member, admin or owner of the opportunity's workspace may add a task."""
    if not editors_of(opportunity.workspace_id).filter(pk=actor.pk).exists():
        raise PermissionDenied
    title = _check(opportunity.workspace, title, assignee)
    task = Task.objects.create(
        workspace=opportunity.workspace,
        opportunity=opportunity,
        title=title,
        assignee=assignee,
        due_on=due_on,
        created_by=actor,
    )
    _report(opportunity.pk)
    return task


def may_change_task(task: Task, membership: Membership | None) -> bool:
    """The one rule for completing, reopening, moving, reassigning and deleting a task, on
    every page: its assignee, its creator, or an admin or owner of the workspace; viewers
    never. Any member may add tasks."""
    if membership is None or task.workspace_id != membership.workspace_id:
        return False
    if not membership.can_edit:
        return False
    return membership.user_id in (task.assignee_id, task.created_by_id) or (
        membership.can_administer
    )


def _check_may_change(task: Task, actor) -> None:
    # The actor's role is looked up here, not taken from the caller, so no entry point
    # (page, My day, API, command) can skip the rule.
    membership = actor.memberships.filter(workspace_id=task.workspace_id).first()
    if not may_change_task(task, membership):
        raise PermissionDenied


@transaction.atomic
def task_reassign(*, task: Task, actor, assignee) -> Task:
    _check_may_change(task, actor)
    _check(task.opportunity.workspace, task.title, assignee)
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    _report(task.opportunity_id)
    return task


@transaction.atomic
def task_complete(*, task: Task, actor) -> Task:
    _check_may_change(task, actor)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _report(task.opportunity_id)
    return task


@transaction.atomic
def task_reopen(*, task: Task, actor) -> Task:
    _check_may_change(task, actor)
    task.done_at = None
    task.save(update_fields=["done_at"])
    _report(task.opportunity_id)
    return task


@transaction.atomic
def task_snooze(*, task: Task, actor, until) -> Task:
    _check_may_change(task, actor)
    task.due_on = until
    task.save(update_fields=["due_on"])
    return task


@transaction.atomic
def task_delete(*, task: Task, actor) -> None:
    _check_may_change(task, actor)
    task.delete()
    _report(task.opportunity_id)
