from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.accounts.throttling import invitation_link_failed, invitation_lockout
from opportune.core.forms import add_errors

from . import services
from .access import get_for, workspace_view
from .forms import InvitationAcceptForm, MemberInviteForm, MemberRoleForm, WorkspaceForm
from .models import Invitation, InvitationState, Membership, Role


@login_required
def home(request):
    """Open the workspace used last, else the first one, else offer to create one."""
    memberships = request.user.memberships.select_related("workspace")
    last = request.session.get("last_workspace")
    membership = memberships.filter(workspace__slug=last).first() or memberships.first()
    if membership is None:
        return redirect("workspace_new")
    return redirect("opportunities:list", workspace_slug=membership.workspace.slug)


@workspace_view()
def workspace_home(request):
    return redirect("opportunities:list", workspace_slug=request.workspace.slug)


@login_required
def workspace_new(request):
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workspace = services.workspace_create(name=form.cleaned_data["name"], owner=request.user)
        messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
        return redirect("opportunities:list", workspace_slug=workspace.slug)
    return render(request, "workspaces/new.html", {"form": form})


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def settings_general(request):
    form = WorkspaceForm(request.POST or None, instance=request.workspace)
    if request.method == "POST" and form.is_valid():
        services.workspace_rename(workspace=request.workspace, name=form.cleaned_data["name"])
        messages.success(request, _("Workspace settings saved."))
        return redirect("workspaces:settings", workspace_slug=request.workspace.slug)
    return render(request, "workspaces/settings_general.html", {"form": form})


def _members_page(request, add_form):
    memberships = (
        Membership.objects.in_workspace(request.workspace)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    context = {
        "memberships": memberships,
        "invitations": Invitation.objects.in_workspace(request.workspace).valid(),
        "add_form": add_form,
        "roles": Role.choices,
    }
    return render(request, "workspaces/settings_members.html", context)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def settings_members(request):
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link, is_mail_sent = services.invitation_create(
                actor=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The same words whether the address has an account or not: nothing to learn here.
            # The link only when the mail failed: opening it is for the invitee alone.
            email = form.cleaned_data["email"]
            if is_mail_sent:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            else:
                messages.warning(
                    request,
                    _(
                        "The invitation for %(email)s is saved, but the e-mail could not be "
                        "sent. Please share this link yourself: %(link)s"
                    )
                    % {"email": email, "link": link},
                )
            return redirect("workspaces:members", workspace_slug=request.workspace.slug)
    return _members_page(request, form)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
@require_POST
def member_role(request, membership_id):
    membership = get_for(request, Membership.objects.select_related("user"), pk=membership_id)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_change_role(
                actor=request.membership, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role of %(name)s changed.") % {"name": membership.user})
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("workspaces:members", workspace_slug=request.workspace.slug)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
@require_POST
def member_remove(request, membership_id):
    membership = get_for(request, Membership.objects.select_related("user"), pk=membership_id)
    try:
        services.member_remove(actor=request.membership, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was removed.") % {"name": membership.user})
    return redirect("workspaces:members", workspace_slug=request.workspace.slug)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = get_for(request, Invitation.objects.pending(), pk=invitation_id)
    services.invitation_revoke(actor=request.membership, invitation=invitation)
    messages.success(request, _("Invitation for %(email)s revoked.") % {"email": invitation.email})
    return redirect("workspaces:members", workspace_slug=request.workspace.slug)


def invitation(request, token):
    """Accept an invitation: signed in as the invited address, or with a new account.

    Only unknown tokens count like failed sign-ins (and are refused while the address is
    locked): a used, expired or withdrawn link is a real one opened again, and must not lock an
    office behind one address out of its valid invitations.
    """
    found = services.find_invitation(token)
    if found is None:
        lockout = invitation_lockout(request)
        if lockout is not None:
            return lockout
        invitation_link_failed(request)
        return render(request, "workspaces/invitation_invalid.html", status=404)
    if found.state != InvitationState.VALID:
        return _invitation_no_longer_valid(request, found)
    if request.user.is_authenticated:
        return _invitation_for_signed_in_user(request, found)
    # The same page whether the address has an account or not: who holds the link chooses.
    form = InvitationAcceptForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept_with_new_account(
                invitation=found,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=get_language() if get_language() in ("en", "de") else "",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to %(workspace)s!") % {"workspace": found.workspace}
            )
            return redirect("opportunities:list", workspace_slug=found.workspace.slug)
    return render(request, "workspaces/invitation.html", {"invitation": found, "form": form})


def _invitation_no_longer_valid(request, found):
    """A used link takes a member of its workspace there; anyone else learns why it is over."""
    if (
        found.state == InvitationState.ACCEPTED
        and request.user.is_authenticated
        and Membership.objects.filter(workspace=found.workspace, user=request.user).exists()
    ):
        return redirect("opportunities:list", workspace_slug=found.workspace.slug)
    return render(request, "workspaces/invitation_gone.html", {"invitation": found}, status=410)


def _invitation_for_signed_in_user(request, found):
    if request.user.email.lower() != found.email.lower():
        return render(
            request, "workspaces/invitation_other_account.html", {"invitation": found}, status=403
        )
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=found, user=request.user)
        except ValidationError as error:
            # Used or revoked since the page was opened, or no longer allowed: the page says why.
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, _("Welcome to %(workspace)s!") % {"workspace": found.workspace})
        return redirect("opportunities:list", workspace_slug=found.workspace.slug)
    return render(request, "workspaces/invitation_join.html", {"invitation": found})
