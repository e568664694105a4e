from django import template
from django.utils.safestring import mark_safe

from opportune.journal.rendering import render

register = template.Library()

SYMBOLS = {"happy": "☺", "neutral": "◌", "sad": "☹"}


@register.filter
def markdown(text: str):
    """Journal text as sanitised HTML (nh3 keeps only a safe subset, see rendering.py)."""
    return mark_safe(render(text))  # noqa: S308 (sanitised by nh3 just before)


@register.filter
def mood_symbol(mood: str) -> str:
    return SYMBOLS.get(mood, "")
