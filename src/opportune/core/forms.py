"""The project's form base classes and helpers every app shares.

Every form of the project inherits `Form` or `ModelForm` (or mixes `EchoLimitMixin` into one of
Django's auth forms): they cap what a bad post can make the page send back, and their text fields
are `SingleLineCharField` or `MultiLineCharField`, which drop control characters.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from .converters import parse_id

# Caps for text fields that name none (e.g. a hidden input) and for echoing values of fields
# without a length (dates, numbers, choices): far above any real value, far below a 10 MB paste.
SINGLE_LINE_MAX = 1_000
MULTI_LINE_MAX = 20_000
ECHO_MAX = 1_000
# A value this many times its field's max_length is refused without being looked at.
TOO_LONG_TO_NORMALISE = 10
# A value quoted in an error message ("x is not one of the choices") is cut to this.
QUOTED_MAX = 100

# Whitespace that ends a line or jumps a column (tab, CR, LF, VT, FF, NEL, U+2028/2029), with
# any spaces around it: in a single-line field the whole run becomes one space. One greedy
# class, so the match is linear (an alternation of runs backtracks quadratically on spaces).
_BREAKS = "\t\n\v\f\r\x85\u2028\u2029"
_SPACE_RUNS = re.compile(f"[ {_BREAKS}]+")
# C0 and C1 control characters, DEL and NUL.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same without tab, LF and CR, which multi-line text keeps.
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def single_line(text: str) -> str:
    """`text` as one line: line breaks and tabs become a space, other control characters go."""
    return _CONTROLS.sub("", _SPACE_RUNS.sub(_one_space_for_a_break, text))


def _one_space_for_a_break(run: re.Match) -> str:
    # A run of plain spaces stays as typed; a run with a break in it becomes one space.
    return " " if run[0].strip(" ") else run[0]


def multi_line(text: str) -> str:
    """`text` without control characters other than tab, LF and CR."""
    return _CONTROLS_BUT_LINES.sub("", text)


class SingleLineCharField(forms.CharField):
    """Text on one line (names, titles, phone numbers, keys, search words).

    Normalises rather than refuses: a tab or line break (pasted from a spreadsheet or an e-mail
    signature) becomes one space, and every other control character (NUL, escape, C1) is
    dropped, so nothing stored can break a line of a list, a CSV row or a mail header. Without
    a max_length it still has one (SINGLE_LINE_MAX).
    """

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=max_length or SINGLE_LINE_MAX, **kwargs)

    def to_python(self, value):
        # Far too long is refused by max_length as it came; only sane lengths are normalised.
        if isinstance(value, str) and len(value) <= TOO_LONG_TO_NORMALISE * self.max_length:
            value = single_line(value)
        return super().to_python(value)


class MultiLineCharField(forms.CharField):
    """Text of several lines (descriptions, journal entries, addresses): keeps tabs and line
    breaks, drops NUL and every other control character. Without a max_length it still has one
    (MULTI_LINE_MAX)."""

    widget = forms.Textarea

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=max_length or MULTI_LINE_MAX, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = multi_line(value)
        return super().to_python(value)


class SingleLineURLField(forms.URLField):
    """A web address, kept on one line and free of control characters like every name."""

    def to_python(self, value):
        if isinstance(value, str) and len(value) <= TOO_LONG_TO_NORMALISE * (
            self.max_length or 2000
        ):
            value = single_line(value)
        return super().to_python(value)


def model_formfield(db_field, **kwargs):
    """A model field's form field, with the project's text fields in place of Django's plain
    CharField: multi-line where the widget is a textarea (TextField), single-line otherwise."""
    field = db_field.formfield(**kwargs)
    if type(field) is forms.CharField:
        multi = isinstance(field.widget, forms.Textarea)
        kwargs["form_class"] = MultiLineCharField if multi else SingleLineCharField
        field = db_field.formfield(**kwargs)
    elif type(field) is forms.URLField:
        field = db_field.formfield(**{**kwargs, "form_class": SingleLineURLField})
    return field


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class EchoLimitMixin:
    """Caps what an invalid post sends back. A value longer than its field allows is shown cut
    to the allowed length (the error still names the real length), a value of a field without a
    length (number, date, choice) is cut to ECHO_MAX, and a value quoted in an error message to
    QUOTED_MAX: a 10 MB paste never travels back into the page or the session's messages."""

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self._cut_echo()

    def _cut_echo(self):
        limits = {
            self.add_prefix(name): getattr(field, "max_length", None) or ECHO_MAX
            for name, field in self.fields.items()
        }
        data = None
        for key in list(self.data):
            limit = limits.get(key, ECHO_MAX)
            values = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data[key]]
            if not any(isinstance(value, str) and len(value) > limit for value in values):
                continue
            if data is None:
                data = self.data.copy()
            cut = [value[:limit] if isinstance(value, str) else value for value in values]
            if hasattr(data, "setlist"):
                data.setlist(key, cut)
            else:
                data[key] = cut[0]
        if data is not None:
            self.data = data

    def add_error(self, field, error):
        if isinstance(error, ValidationError):
            _cut_quoted_values(error)
        super().add_error(field, error)


def _cut_quoted_values(error: ValidationError) -> None:
    items = (
        [item for errors in error.error_dict.values() for item in errors]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    for item in items:
        if isinstance(item.params, dict):
            item.params = {
                name: value[:QUOTED_MAX] + "…"
                if isinstance(value, str) and len(value) > QUOTED_MAX
                else value
                for name, value in item.params.items()
            }


class Form(EchoLimitMixin, forms.Form):
    """The base of every plain form of the project."""


class _ModelFormMetaclass(forms.models.ModelFormMetaclass):
    # Meta is not inherited by a subclass that declares its own, so the project's text fields
    # are put into each Meta here rather than trusting every form to name them.
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = model_formfield
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(EchoLimitMixin, forms.ModelForm, metaclass=_ModelFormMetaclass):
    """The base of every model form of the project: model CharFields become
    SingleLineCharField, TextFields MultiLineCharField (see model_formfield)."""


def preload_choices(field: forms.ModelChoiceField, objects, label=None) -> None:
    """Give a model choice field its choices from objects already fetched, so rendering it runs
    no query of its own (validation still asks the field's queryset)."""
    label = label or field.label_from_instance
    choices = [(field.prepare_value(obj), label(obj)) for obj in objects]
    if field.empty_label is not None:
        choices.insert(0, ("", field.empty_label))
    field.choices = choices


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not plain numbers of a sane size before they reach the database
    (SQLite raises OverflowError, not a validation error, for ids beyond 64 bits)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if parse_id(text) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:40]},
                )
        return super()._check_values(value)
