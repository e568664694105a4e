"""Every write to saved views.

Who may do what (the pages answer 404 for a view the reader cannot see, and 403 for one they see
but may not change):
- Everyone in the workspace, viewers too, may save private views, rename, reorder and delete
  their own, and choose the view their list opens with: a view changes the reader's own menu,
  not the workspace's data.
- Sharing a view puts it into everyone's menu, so it needs the member role.
- A shared view is renamed, made private or deleted by its owner or by an admin; only its owner
  reorders it, as the order is the owner's own.
- Another person's private view is out of reach, also for admins.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from opportune.core.names import name_taken
from opportune.workspaces.models import Membership

from .models import ListSettings, SavedView
from .saved_views import may_change


def _check_may_see(actor: Membership, view: SavedView) -> None:
    if view.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if view.owner_id != actor.user_id and not view.is_shared:
        raise PermissionDenied


def _check_may_change(actor: Membership, view: SavedView) -> None:
    if not may_change(actor, view):
        raise PermissionDenied


def _save(view: SavedView, update_fields=None) -> SavedView:
    view.name = view.name.strip()
    view.full_clean(exclude=["workspace", "owner"])
    own = SavedView.objects.in_workspace(view.workspace_id).filter(owner_id=view.owner_id)
    # The database's constraint folds ASCII letters only on SQLite; names_taken folds them all.
    if name_taken(own, view.name, exclude=view):
        raise ValidationError({"name": _("You already have a view with this name.")})
    try:
        with transaction.atomic():
            view.save(update_fields=update_fields)
    except IntegrityError:
        raise ValidationError({"name": _("You already have a view with this name.")}) from None
    return view


@transaction.atomic
def saved_view_create(*, actor: Membership, name: str, query: str, is_shared: bool) -> SavedView:
    """Save `query` (the list's canonical query, see saved_views.stored_query) as the actor's
    view, last in their menu."""
    if is_shared and not actor.can_edit:
        raise ValidationError({"is_shared": _("Viewers cannot share views with the workspace.")})
    own = SavedView.objects.in_workspace(actor.workspace_id).filter(owner_id=actor.user_id)
    last = own.aggregate(last=Max("position"))["last"]
    view = SavedView(
        workspace_id=actor.workspace_id,
        owner_id=actor.user_id,
        name=name,
        query=query,
        is_shared=is_shared,
        position=0 if last is None else last + 1,
    )
    return _save(view)


@transaction.atomic
def saved_view_rename(*, actor: Membership, view: SavedView, name: str) -> SavedView:
    _check_may_change(actor, view)
    view.name = name
    return _save(view, update_fields=["name", "updated_at"])


@transaction.atomic
def saved_view_share(*, actor: Membership, view: SavedView, is_shared: bool) -> SavedView:
    """Share the view with the workspace, or make it private to its owner again; whoever had it
    as their default then opens the plain list."""
    _check_may_change(actor, view)
    if is_shared and not actor.can_edit:
        raise PermissionDenied
    view.is_shared = is_shared
    view.save(update_fields=["is_shared", "updated_at"])
    if not is_shared:
        others = ListSettings.objects.filter(default_view=view).exclude(user_id=view.owner_id)
        others.update(default_view=None)
    return view


@transaction.atomic
def saved_view_reorder(*, actor: Membership, view: SavedView, step: int) -> None:
    """Move the view `step` places up (negative) or down (positive) in its owner's menu."""
    _check_may_see(actor, view)
    if view.owner_id != actor.user_id:
        raise PermissionDenied
    own = SavedView.objects.in_workspace(actor.workspace_id).filter(owner_id=actor.user_id)
    views = list(own.select_for_update().order_by("position", "id"))
    index = next(i for i, other in enumerate(views) if other.pk == view.pk)
    views.insert(max(0, index + step), views.pop(index))
    # Renumbered from 0, which also mends equal positions left by concurrent saves.
    for position, other in enumerate(views):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def saved_view_delete(*, actor: Membership, view: SavedView) -> None:
    """Delete the view; whoever had it as their default then opens the plain list."""
    _check_may_change(actor, view)
    view.delete()


@transaction.atomic
def saved_view_set_default(*, actor: Membership, view: SavedView | None) -> None:
    """Open the actor's list with `view` when its address has no query; None: with none."""
    if view is not None:
        _check_may_see(actor, view)
    ListSettings.objects.update_or_create(
        workspace_id=actor.workspace_id, user_id=actor.user_id, defaults={"default_view": view}
    )
