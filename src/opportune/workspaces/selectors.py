from django.contrib.auth import get_user_model

from .models import Role

EDITOR_ROLES = (Role.OWNER, Role.ADMIN, Role.MEMBER)


def members_of(workspace):
    """Everyone in the workspace, whatever their role (e.g. who can be responsible)."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace=workspace)
        .order_by("full_name", "email")
    )


def editors_of(workspace):
    """People who can act on reminders and tasks (viewers cannot close them, so they are not
    offered them)."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace=workspace, memberships__role__in=EDITOR_ROLES)
        .order_by("full_name", "email")
    )


def has_account(email: str) -> bool:
    """Whether someone signs in with this address (told only to the holder of its invitation)."""
    return get_user_model().objects.filter(email__iexact=email).exists()
