"""The one place that decides who may see and change what inside a workspace."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership, Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def workspace_view(*, read: str = Role.VIEWER, write: str = Role.MEMBER):
    """Resolve `/w/<workspace_slug>/…` for the signed-in user and check their role.

    Not a member: 404 (the workspace's existence is not revealed). A role below `read` for
    safe methods, or below `write` for anything else: 403. Sets `request.workspace` and
    `request.membership` for the view.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, workspace_slug, *args, **kwargs):
            membership = (
                Membership.objects.select_related("workspace")
                .filter(workspace__slug=workspace_slug, user=request.user)
                .first()
            )
            if membership is None:
                raise Http404
            needed = read if request.method in SAFE_METHODS else write
            if not membership.has_role(needed):
                raise PermissionDenied
            request.workspace = membership.workspace
            request.membership = membership
            # Written only on a change: every write is an UPDATE of the session row.
            if request.session.get("last_workspace") != membership.workspace.slug:
                request.session["last_workspace"] = membership.workspace.slug
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_for(request, model_or_queryset, **lookup):
    """Fetch one object of the current workspace, or answer 404 (also for other workspaces')."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.in_workspace(request.workspace), **lookup)
