from django import forms


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not plain numbers of a sane size before they reach the database
    (SQLite raises OverflowError, not a validation error, for ids beyond 64 bits)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:40]},
                )
        return super()._check_values(value)
