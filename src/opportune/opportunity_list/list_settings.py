"""Each member's choice of the list's columns, per workspace: read and written here only."""

from django.db import transaction

from .columns import Columns
from .models import ListSettings


def chosen_columns(*, workspace, user, columns: Columns) -> list[str]:
    """The member's stored columns that still exist (a custom field may have gone since), or
    the workspace's default columns."""
    stored = (
        ListSettings.objects.in_workspace(workspace)
        .filter(user=user)
        .values_list("columns", flat=True)
        .first()
    )
    known, _unknown = columns.known(stored or ())
    return known or list(columns.default_keys)


@transaction.atomic
def list_settings_save(*, workspace, user, columns: list[str]) -> ListSettings:
    """Remember the member's columns (keys already checked against the workspace's)."""
    settings, _created = ListSettings.objects.update_or_create(
        workspace=workspace, user=user, defaults={"columns": columns}
    )
    return settings


@transaction.atomic
def list_settings_reset(*, workspace, user) -> None:
    """Back to the workspace's default columns; the member's default view stays."""
    ListSettings.objects.in_workspace(workspace).filter(user=user).update(columns=[])
