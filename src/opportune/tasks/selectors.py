from django.utils import timezone

from .forms import ReassignForm, TaskForm
from .models import Task


def tasks_context(request, opportunity, form=None, error=""):
    """The tasks region of the opportunity page: its tasks, open count and forms."""
    tasks = list(
        Task.objects.in_workspace(request.workspace)
        .filter(opportunity=opportunity)
        .select_related("assignee")
    )
    return {
        "opportunity": opportunity,
        "tasks": tasks,
        "open_task_count": sum(1 for task in tasks if not task.is_done),
        "tasks_error": error,
        "task_form": form
        or TaskForm(workspace=request.workspace, initial={"assignee": request.user}),
        "assignees": list(ReassignForm(workspace=request.workspace).fields["assignee"].queryset),
        "today": timezone.localdate(),
    }
