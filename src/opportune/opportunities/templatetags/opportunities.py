from django import template

from opportune.opportunities.history import describe

register = template.Library()


@register.filter
def history_sentence(entry):
    return describe(entry)
