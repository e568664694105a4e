from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportune.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self):
        from opportune.organizations.signals import organization_renamed
        from opportune.pipeline.signals import phase_removing, phases_reordered

        from .services import (
            copy_organization_name,
            copy_phase_positions,
            move_out_of_removed_phase,
        )

        phase_removing.connect(move_out_of_removed_phase, dispatch_uid="opportunities_phase")
        phases_reordered.connect(copy_phase_positions, dispatch_uid="opportunities_phase_order")
        organization_renamed.connect(copy_organization_name, dispatch_uid="opportunities_org_name")
