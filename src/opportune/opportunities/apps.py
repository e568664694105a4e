from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportune.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from opportune.pipeline.signals import phase_removing

        from .services import move_out_of_removed_phase

        phase_removing.connect(move_out_of_removed_phase, dispatch_uid="opportunities_phase")
