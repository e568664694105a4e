from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from opportune.core.forms import Form, ModelForm
from opportune.workspaces.selectors import editors_of

from .models import Task

User = get_user_model()


def _members(workspace):
    return editors_of(workspace)


class TaskForm(ModelForm):
    class Meta:
        model = Task
        fields = ["title", "assignee", "due_on"]

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _members(workspace)
        self.fields["assignee"].error_messages["invalid_choice"] = _(
            "Choose a member of this workspace."
        )
        self.fields["due_on"].localize = True
        self.fields["due_on"].error_messages["invalid"] = _(
            "Enter a valid date, e.g. 16.07.2025 or 2025-07-16."
        )


class ReassignForm(Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _members(workspace)
        self.fields["assignee"].error_messages["invalid_choice"] = _(
            "Choose a member of this workspace."
        )
