"""Every change to workspaces, memberships and invitations goes through these functions."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Role, Workspace, hash_token
from .signals import workspace_created

User = get_user_model()

RESERVED_SLUGS = {"new", "admin", "static", "api", "accounts", "invitations"}


def unique_workspace_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    if base in RESERVED_SLUGS:
        base = f"{base}-workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def workspace_create(*, name: str, owner) -> Workspace:
    """Create a workspace with `owner` as its owner, and the default project settings."""
    workspace = Workspace.objects.create(name=name.strip(), slug=unique_workspace_slug(name))
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    workspace_created.send(sender=Workspace, workspace=workspace)
    return workspace


def workspace_rename(*, workspace: Workspace, name: str) -> Workspace:
    workspace.name = name.strip()
    workspace.save(update_fields=["name"])
    return workspace


def _check_may_grant(actor: Membership, role: str) -> None:
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise ValidationError({"role": _("Only an owner can make someone an owner.")})


@transaction.atomic
def member_add(*, actor: Membership, email: str, role: str, base_url: str):
    """Add an existing user at once, or invite a new one by e-mail.

    Returns `(membership, None)` or `(None, invitation_link)`.
    """
    _check_may_grant(actor, role)
    workspace = actor.workspace
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if Membership.objects.filter(workspace=workspace, user=user).exists():
            raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
        membership = Membership.objects.create(workspace=workspace, user=user, role=role)
        return membership, None
    token = Invitation.new_token()
    Invitation.objects.pending().filter(workspace=workspace, email__iexact=email).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor.user,
    )
    link = base_url + reverse("invitation", args=[token])
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    language = actor.user.language or translation.get_language()
    with translation.override(language):
        subject = _("You are invited to %(workspace)s on Opportune") % {"workspace": workspace}
        body = render_to_string("workspaces/email/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return None, link


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.valid()
        .select_related("workspace")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str, language: str):
    """Create the invited user with their chosen password and make them a member."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has already been used."))
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email, password, full_name=full_name.strip(), language=language
            )
    except IntegrityError:
        raise ValidationError(
            _("An account with this e-mail address exists already. Please sign in.")
        ) from None
    Membership.objects.create(workspace=invitation.workspace, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _owners_left_without(membership: Membership) -> int:
    return (
        Membership.objects.filter(workspace=membership.workspace, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def member_change_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    _check_may_grant(actor, role)
    if membership.role == Role.OWNER and actor.role != Role.OWNER:
        raise ValidationError({"role": _("Only an owner can change another owner's role.")})
    if (
        membership.role == Role.OWNER
        and role != Role.OWNER
        and not _owners_left_without(membership)
    ):
        raise ValidationError({"role": _("A workspace needs at least one owner.")})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def member_remove(*, actor: Membership, membership: Membership) -> None:
    if membership.role == Role.OWNER and actor.role != Role.OWNER:
        raise ValidationError(_("Only an owner can remove an owner."))
    if membership.role == Role.OWNER and not _owners_left_without(membership):
        raise ValidationError(_("A workspace needs at least one owner."))
    membership.delete()
