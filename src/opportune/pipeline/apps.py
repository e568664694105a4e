from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "opportune.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline settings")

    def ready(self):
        from . import services  # noqa: F401  (connects the defaults for new workspaces)
