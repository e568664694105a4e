from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunityListConfig(AppConfig):
    """The list of opportunities with its filters. It reads opportunities together with their
    journal and tasks, so it sits above those apps and none of them depends on it."""

    name = "opportune.opportunity_list"
    label = "opportunity_list"
    verbose_name = _("Opportunity list")
