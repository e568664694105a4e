from django.utils.functional import SimpleLazyObject

from .agenda import due_count


def my_day(request):
    """The navigation badge: how many reminders and tasks are due today or overdue."""
    workspace = getattr(request, "workspace", None)
    if workspace is None:
        return {}
    return {"my_day_due": SimpleLazyObject(lambda: due_count(request.user, workspace))}
