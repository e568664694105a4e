from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from . import search
from .converters import IdConverter


class CoreConfig(AppConfig):
    name = "opportune.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Here rather than in urls.py: every app's URL module uses <id:…> when it is imported,
        # which happens before the root URLconf's own code runs.
        register_converter(IdConverter, "id")
        post_migrate.connect(search.restore_fts_triggers, dispatch_uid="restore_fts_triggers")
