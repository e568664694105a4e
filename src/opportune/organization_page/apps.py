from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationPageConfig(AppConfig):
    """The organizations list and the organization page: data, contacts and opportunities
    together. It composes the other apps, so none of them depends on it."""

    name = "opportune.organization_page"
    label = "organization_page"
    verbose_name = _("Organization page")
