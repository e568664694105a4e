from django.core.paginator import Paginator
from django.utils import timezone

from .forms import JournalEntryForm
from .models import JournalEntry

PAGE_SIZE = 10
TREND_SIZE = 5


def journal_page(opportunity, page_number=1):
    """One page of the journal, newest first; three queries however long the journal is."""
    entries = (
        JournalEntry.objects.in_workspace(opportunity.workspace_id)
        .filter(opportunity=opportunity)
        .select_related("author", "reminder_for")
    )
    return Paginator(entries, PAGE_SIZE).get_page(page_number)


def mood_trend(opportunity) -> list[str]:
    """The moods of the latest entries, oldest first, for the trend strip."""
    moods = (
        JournalEntry.objects.in_workspace(opportunity.workspace_id)
        .filter(opportunity=opportunity)
        .values_list("mood", flat=True)[:TREND_SIZE]
    )
    return list(reversed(moods))


def journal_context(request, opportunity, form=None, page_number=1):
    """The journal region of the opportunity page: one page of entries, the form, the trend."""
    return {
        "opportunity": opportunity,
        "journal": journal_page(opportunity, page_number),
        "journal_form": form or JournalEntryForm(workspace=request.workspace),
        "mood_trend": mood_trend(opportunity),
        "today": timezone.localdate(),
    }
