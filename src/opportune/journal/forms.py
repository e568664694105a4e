from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import ModelForm
from opportune.workspaces.selectors import editors_of

from .models import TEXT_MAX, JournalEntry, Mood

User = get_user_model()


class JournalEntryForm(ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["mood", "text", "reminder_on", "reminder_time", "reminder_for"]
        widgets = {
            "mood": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "reminder_on": forms.DateInput(attrs={"placeholder": ""}),
            "reminder_time": forms.TimeInput(attrs={"placeholder": "09:30"}),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mood"].choices = Mood.choices
        self.fields["text"].max_length = TEXT_MAX
        self.fields["text"].help_text = _(
            "Markdown works: **bold**, *italic*, lists and links. HTML is shown as text."
        )
        self.fields["text"].error_messages["max_length"] = _(
            "Keep the entry under 20,000 characters."
        )
        self.fields["reminder_on"].localize = True
        self.fields["reminder_on"].error_messages["invalid"] = _(
            "Enter a valid date, e.g. 16.07.2025 or 2025-07-16."
        )
        self.fields["reminder_time"].error_messages["invalid"] = _("Enter a time like 09:30.")
        members = editors_of(workspace)
        self.fields["reminder_for"].queryset = members
        self.fields["reminder_for"].empty_label = _("Me")
        self.fields["reminder_for"].error_messages["invalid_choice"] = _(
            "Choose a member of this workspace."
        )
