import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.journal import services as journal_services
from opportune.journal.models import JournalEntry
from opportune.tasks import services as task_services
from opportune.tasks.models import Task
from opportune.workspaces.access import get_for, workspace_view

from . import calendar
from .agenda import agenda_for
from .forms import MoreForm
from .models import CalendarFeed


@workspace_view()
def my_day(request):
    """The page; with htmx and `?section=…&after_…` only the next items of that section."""
    after = MoreForm(request.GET).after()
    if request.htmx and after:
        [name] = after
        agenda = agenda_for(request.user, request.workspace, after=after, sections=[name])
        context = {"section": getattr(agenda, name)}
        return render(request, "myday/partials/section_items.html", context)
    context = {
        "agenda": agenda_for(request.user, request.workspace, after=after),
        "has_feed": CalendarFeed.objects.filter(
            user=request.user, revoked_at__isnull=True
        ).exists(),
        "feed_url": request.session.pop("new_feed_url", None),
    }
    return render(request, "myday/my_day.html", context)


def _my_reminders(request):
    """My day acts only on what it lists: the signed-in person's own open items."""
    return JournalEntry.objects.reminders_for(request.user).filter(
        opportunity__deleted_at__isnull=True
    )


def _my_tasks(request):
    return Task.objects.open().filter(assignee=request.user, opportunity__deleted_at__isnull=True)


def _snooze_until(choice: str) -> datetime.date | None:
    today = timezone.localdate()
    return {
        "tomorrow": today + datetime.timedelta(days=1),
        "next_week": today + datetime.timedelta(days=7 - today.weekday()),
    }.get(choice)


def _done(request, message):
    """htmx removes the item and refreshes the badge; without JavaScript, back to My day."""
    if request.htmx:
        return HttpResponse("", headers={"HX-Trigger": "agenda-changed"})
    messages.success(request, message)
    return redirect("my_day", request.workspace.slug)


@workspace_view()
@require_POST
def reminder_done(request, entry_id):
    entry = get_for(request, _my_reminders(request), pk=entry_id)
    journal_services.reminder_done(entry=entry, actor=request.user)
    return _done(request, _("Reminder done."))


@workspace_view()
@require_POST
def reminder_snooze(request, entry_id):
    entry = get_for(request, _my_reminders(request), pk=entry_id)
    until = _snooze_until(request.POST.get("until", ""))
    if until is None:
        messages.error(request, _("Choose tomorrow or next week."))
        return redirect("my_day", request.workspace.slug)
    journal_services.reminder_snooze(entry=entry, actor=request.user, until=until)
    return _done(request, _("Reminder moved."))


@workspace_view()
@require_POST
def task_done(request, task_id):
    task = get_for(request, _my_tasks(request), pk=task_id)
    task_services.task_complete(task=task, actor=request.user)
    return _done(request, _("Task done."))


@workspace_view()
@require_POST
def task_snooze(request, task_id):
    task = get_for(request, _my_tasks(request), pk=task_id)
    until = _snooze_until(request.POST.get("until", ""))
    if until is None:
        messages.error(request, _("Choose tomorrow or next week."))
        return redirect("my_day", request.workspace.slug)
    task_services.task_snooze(task=task, actor=request.user, until=until)
    return _done(request, _("Task moved."))


@workspace_view()
def badge(request):
    """htmx: the navigation's count, refreshed after an item is done."""
    return render(request, "myday/partials/badge.html")


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("home")


@require_POST
@login_required
def feed_create(request):
    token = calendar.feed_create(user=request.user)
    request.session["new_feed_url"] = request.build_absolute_uri(f"/calendar/{token}.ics")
    messages.success(request, _("Your calendar address is ready. Copy it now: it is shown once."))
    return _back(request)


@require_POST
@login_required
def feed_revoke(request):
    calendar.feed_revoke(user=request.user)
    messages.success(request, _("Your calendar address no longer works."))
    return _back(request)


def feed(request, token):
    """The feed itself: authenticated by its secret token alone, so calendar apps can fetch it."""
    found = calendar.find_feed(token)
    if found is None:
        raise Http404
    response = HttpResponse(calendar.render_feed(found.user), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="opportune.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
