from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MyDayConfig(AppConfig):
    name = "opportune.myday"
    label = "myday"
    verbose_name = _("My day")
