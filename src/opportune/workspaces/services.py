"""Every change to workspaces, memberships and invitations goes through these functions."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from opportune.core.forms import single_line

from .models import Invitation, Membership, Role, Workspace, hash_token
from .selectors import has_account
from .signals import workspace_created

User = get_user_model()
logger = logging.getLogger(__name__)

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


def _check_may_administer(actor: Membership, workspace_id: int) -> None:
    """Refuse unless `actor` is an admin or owner of the workspace being changed: services are
    called by views, API and commands alike, and trust none of them to have checked."""
    if actor.workspace_id != workspace_id or not actor.can_administer:
        raise PermissionDenied


def _check_may_grant(actor: Membership, role: str) -> None:
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise ValidationError({"role": _("Only an owner can make someone an owner.")})


def invitation_create(*, actor: Membership, email: str, role: str) -> tuple[str, bool]:
    """Invite `email` to the actor's workspace, whether or not it has an account yet.

    Nobody becomes a member without accepting, and the admin learns nothing about other
    workspaces' people. Returns the invitation link and whether the e-mail could be sent;
    the invitation is kept either way, so the admin can share the link.
    """
    _check_may_administer(actor, actor.workspace_id)
    _check_may_grant(actor, role)
    workspace = actor.workspace
    email = email.strip().lower()
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
    token = Invitation.new_token()
    with transaction.atomic():
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
    # The link goes by e-mail, so it names the configured address, not the request's host.
    link = settings.BASE_URL.rstrip("/") + reverse("invitation", args=[token])
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    language = actor.user.language or translation.get_language()
    with translation.override(language):
        # A name stored before names were kept to one line must not break the mail header.
        subject = _("You are invited to %(workspace)s on Opportune") % {
            "workspace": single_line(workspace.name)
        }
        body = render_to_string("workspaces/email/invitation.txt", context)
    # Sent after the commit and outside any transaction: a slow or dead mail server
    # neither holds the write lock nor loses the invitation.
    try:
        send_mail(subject, body, None, [email])
    # smtplib's errors are OSErrors too; BadHeaderError is a header the mail cannot carry.
    except (OSError, BadHeaderError):
        logger.warning("Invitation e-mail to %s could not be sent.", email, exc_info=True)
        return link, False
    return link, True


def find_invitation(token: str) -> Invitation | None:
    """The invitation of this link, valid or not (used, expired and withdrawn ones too)."""
    return (
        Invitation.objects.select_related("workspace").filter(token_hash=hash_token(token)).first()
    )


def _lock_valid(invitation: Invitation) -> Invitation:
    """Lock the invitation for its acceptance; refuse one used, revoked or expired meanwhile,
    and an owner invitation whose inviter is no longer an owner (only owners make owners)."""
    locked = Invitation.objects.valid().select_for_update().filter(pk=invitation.pk).first()
    if locked is None:
        raise ValidationError(_("This invitation is no longer valid."))
    if (
        locked.role == Role.OWNER
        and not Membership.objects.filter(
            workspace_id=locked.workspace_id, user_id=locked.invited_by_id, role=Role.OWNER
        ).exists()
    ):
        raise ValidationError(
            _(
                "This invitation to become an owner is no longer valid: the person who sent it "
                "is no longer an owner of %(workspace)s. Please ask an owner for a new one."
            )
            % {"workspace": invitation.workspace}
        )
    return locked


def _mark_accepted(invitation: Invitation) -> None:
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make the signed-in `user` a member, if the invitation is addressed to their e-mail."""
    invitation = _lock_valid(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation is for another e-mail address."))
    # Someone who joined meanwhile keeps the role they have.
    membership, _created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    _mark_accepted(invitation)
    return membership


def invitation_accept_with_new_account(
    *, invitation: Invitation, full_name: str, password: str, language: str
):
    """Create the invited user with their chosen password and make them a member.

    Only the holder of the link gets here, so telling them that their address has an account
    reveals nothing to anyone else.
    """
    exists = ValidationError(
        _("An account with this e-mail address exists already. Please sign in.")
    )
    if has_account(invitation.email):
        raise exists
    user = User(email=invitation.email, full_name=full_name.strip(), language=language)
    # Hashing takes a while (Argon2): done before the transaction, which on SQLite holds the
    # write lock for everyone.
    user.set_password(password)
    with transaction.atomic():
        invitation = _lock_valid(invitation)
        try:
            user.save()
        except IntegrityError:  # the same address signed up meanwhile
            raise exists from None
        Membership.objects.create(workspace=invitation.workspace, user=user, role=invitation.role)
        _mark_accepted(invitation)
    return user


def invitation_revoke(*, actor: Membership, invitation: Invitation) -> None:
    _check_may_administer(actor, invitation.workspace_id)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _owners_left_without(membership: Membership) -> int:
    """Owners besides `membership`, locked until the transaction ends (PostgreSQL): two owners
    demoting or removing each other at once are served one after the other, and the second
    finds no other owner left. (SQLite's write lock serializes them anyway.)"""
    owners = (
        Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.OWNER)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in owners if pk != membership.pk)


@transaction.atomic
def member_change_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    _check_may_administer(actor, membership.workspace_id)
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
    _check_may_administer(actor, membership.workspace_id)
    if membership.role == Role.OWNER and actor.role != Role.OWNER:
        raise ValidationError(_("Only an owner can remove an owner."))
    if membership.role == Role.OWNER and not _owners_left_without(membership):
        raise ValidationError(_("A workspace needs at least one owner."))
    membership.delete()
