from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.forms import add_errors
from opportune.opportunities.selectors import get_opportunity
from opportune.workspaces.access import get_for, workspace_view

from . import services
from .forms import ReassignForm, TaskForm
from .models import Task
from .selectors import tasks_context


def _respond(request, opportunity, form=None, status=200, message=None, error=""):
    if request.htmx:
        context = tasks_context(request, opportunity, form, error)
        response = render(request, "tasks/partials/tasks.html", context, status=status)
        response["HX-Trigger"] = "agenda-changed"
        return response
    if message:
        messages.success(request, message)
    elif form is not None and form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)


def _task(request, opportunity, task_id):
    return get_for(request, Task.objects.filter(opportunity=opportunity), pk=task_id)


@workspace_view()
@require_POST
def task_add(request, short_name):
    opportunity = get_opportunity(request, short_name)
    form = TaskForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.task_add(opportunity=opportunity, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _respond(request, opportunity, message=_("Task added."))
    return _respond(request, opportunity, form, status=422)


@workspace_view()
@require_POST
def task_done(request, short_name, task_id):
    opportunity = get_opportunity(request, short_name)
    services.task_complete(task=_task(request, opportunity, task_id), actor=request.user)
    return _respond(request, opportunity, message=_("Task done."))


@workspace_view()
@require_POST
def task_reopen(request, short_name, task_id):
    opportunity = get_opportunity(request, short_name)
    services.task_reopen(task=_task(request, opportunity, task_id), actor=request.user)
    return _respond(request, opportunity, message=_("Task reopened."))


@workspace_view()
@require_POST
def task_reassign(request, short_name, task_id):
    opportunity = get_opportunity(request, short_name)
    task = _task(request, opportunity, task_id)
    form = ReassignForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        services.task_reassign(
            task=task, actor=request.user, assignee=form.cleaned_data["assignee"]
        )
        return _respond(request, opportunity, message=_("Task reassigned."))
    error = " ".join(form.errors["assignee"])
    if not request.htmx:
        messages.error(request, error)
    return _respond(request, opportunity, status=422, error=error)


@workspace_view()
@require_POST
def task_delete(request, short_name, task_id):
    opportunity = get_opportunity(request, short_name)
    services.task_delete(task=_task(request, opportunity, task_id), actor=request.user)
    return _respond(request, opportunity, message=_("Task deleted."))
