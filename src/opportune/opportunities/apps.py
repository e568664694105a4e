from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportune.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from . import project  # noqa: F401  (connects the defaults for new workspaces)
