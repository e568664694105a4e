from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.forms import add_errors
from opportune.opportunities.selectors import get_opportunity
from opportune.workspaces.access import get_for, workspace_view

from . import services
from .forms import JournalEntryForm
from .models import JournalEntry
from .selectors import journal_context


def _fragment(request, opportunity, form=None, status=200, page_number=1):
    context = journal_context(request, opportunity, form, page_number)
    response = render(request, "journal/partials/journal.html", context, status=status)
    response["HX-Trigger"] = "agenda-changed"
    return response


def _to_page(request, opportunity):
    return redirect("opportunities:detail", request.workspace.slug, opportunity.short_name)


def _data(form):
    data = form.cleaned_data
    return {name: data[name] for name in ("mood", "text", "reminder_on", "reminder_time")} | {
        "reminder_for": data["reminder_for"]
    }


@workspace_view()
def journal(request, short_name):
    """POST posts an entry; GET is one page of entries (htmx) or the opportunity page."""
    opportunity = get_opportunity(request, short_name)
    if request.method == "GET":
        if not request.htmx:
            return _to_page(request, opportunity)
        return _fragment(request, opportunity, page_number=request.GET.get("page", 1))
    form = JournalEntryForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.entry_post(opportunity=opportunity, author=request.user, **_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return _fragment(request, opportunity)
            messages.success(request, _("Journal entry posted."))
            return _to_page(request, opportunity)
    if request.htmx:
        return _fragment(request, opportunity, form, status=422)
    context = {"opportunity": opportunity, "form": form}
    return render(request, "journal/entry_form.html", context, status=200)


def _own_entry(request, opportunity, entry_id):
    entry = get_for(request, JournalEntry.objects.filter(opportunity=opportunity), pk=entry_id)
    if not services.may_change(entry, request.membership):
        raise PermissionDenied
    return entry


@workspace_view()
def entry_edit(request, short_name, entry_id):
    opportunity = get_opportunity(request, short_name)
    entry = _own_entry(request, opportunity, entry_id)
    form = JournalEntryForm(request.POST or None, instance=entry, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_edit(entry=entry, membership=request.membership, **_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Journal entry saved."))
            return _to_page(request, opportunity)
    context = {"opportunity": opportunity, "form": form, "entry": entry}
    return render(request, "journal/entry_form.html", context)


@workspace_view()
@require_POST
def entry_delete(request, short_name, entry_id):
    opportunity = get_opportunity(request, short_name)
    entry = _own_entry(request, opportunity, entry_id)
    services.entry_delete(entry=entry, membership=request.membership)
    if request.htmx:
        return _fragment(request, opportunity)
    messages.success(request, _("Journal entry deleted."))
    return _to_page(request, opportunity)


@workspace_view()
@require_POST
def reminder_done(request, short_name, entry_id):
    opportunity = get_opportunity(request, short_name)
    entry = get_for(request, JournalEntry.objects.filter(opportunity=opportunity), pk=entry_id)
    services.reminder_done(entry=entry, actor=request.user)
    if request.htmx:
        return _fragment(request, opportunity)
    return _to_page(request, opportunity)
