from django import template

from opportune.tasks import services

register = template.Library()


@register.filter
def may_change_task(task, membership) -> bool:
    """`{% if task|may_change_task:membership %}`: the service's rule, so the page offers the
    controls exactly where the service allows them."""
    return services.may_change_task(task, membership)
