from django import template
from django.utils.http import urlencode

from opportune.core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    """{{ opportunity.expected_value|money:opportunity.currency }} -> "1.234,50 €" in German."""
    return format_money(amount, currency)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with some parameters changed (for sort links and pagination)."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"
