"""Numbers as people type them: "12,500.50" in English, "12.500,50" or "12500,5" in German."""

import re

from django import forms
from django.utils import formats


def normalize_number(text: str) -> str:
    """Turn a localized number into "1234.5" form; leaves anything unparseable for the field
    to reject. A lone thousand separator counts only when followed by groups of 3 digits, so a
    German "1500.50" is still 1500.50 and not 150050."""
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    group = formats.get_format("THOUSAND_SEPARATOR")
    if decimal in text and group in text:
        return text.replace(group, "").replace(decimal, ".")
    if group in text:
        pattern = re.escape(group)
        grouped = re.fullmatch(rf"[+-]?\d{{1,3}}({pattern}\d{{3}})+", text)
        if grouped:
            return text.replace(group, "")
        return text.replace(group, ".") if text.count(group) == 1 else text
    return text.replace(decimal, ".")


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField that accepts the reader's thousand and decimal separators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_number(value)
        return super().to_python(value)

    def prepare_value(self, value):
        # Typed text that failed validation goes back as typed; only numbers are formatted.
        if isinstance(value, str) or value is None:
            return value
        return formats.number_format(value, use_l10n=True)
