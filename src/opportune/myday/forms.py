from django import forms

from opportune.core.forms import Form

from .agenda import SECTIONS


class MoreForm(Form):
    """`?section=overdue&after_on=…&after_kind=…&after_id=…`: the items of one section that
    come after the last one shown ("Show more"). Counting from an item rather than by page
    number skips nothing when items above it were done in the meantime."""

    section = forms.ChoiceField(choices=[(name, name) for name in SECTIONS])
    after_on = forms.DateField(input_formats=["%Y-%m-%d"])
    after_kind = forms.ChoiceField(choices=[("reminder", "reminder"), ("task", "task")])
    after_id = forms.IntegerField(min_value=1)

    def after(self) -> dict:
        """{section: key of the last item shown}, or {} for the first items of every section."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {data["section"]: (data["after_on"], data["after_kind"], data["after_id"])}
