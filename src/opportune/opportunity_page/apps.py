from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunityPageConfig(AppConfig):
    """The opportunity page: organization, members, journal, tasks, history and properties
    together. It composes the other apps, so none of them depends on it."""

    name = "opportune.opportunity_page"
    label = "opportunity_page"
    verbose_name = _("Opportunity page")
