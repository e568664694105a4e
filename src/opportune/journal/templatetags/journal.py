from django import template
from django.utils.safestring import mark_safe

from opportune.journal import services
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


@register.filter
def may_close_reminder(entry, membership) -> bool:
    """`{% if entry|may_close_reminder:membership %}`: the service's rule, so the page offers
    "Done" exactly where the service allows it."""
    return services.may_close_reminder(entry, membership)


@register.filter
def may_change(entry, membership) -> bool:
    return services.may_change(entry, membership)
