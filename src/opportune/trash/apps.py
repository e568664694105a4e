from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrashConfig(AppConfig):
    """The trash: deleted organizations, contacts and opportunities, and their restore. It sits
    above those apps and calls each one's own delete and restore, so none of them depends on it."""

    name = "opportune.trash"
    label = "trash"
    verbose_name = _("Trash")
