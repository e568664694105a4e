from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import get_for, workspace_view
from .forms import InvitationAcceptForm, MemberAddForm, MemberRoleForm, WorkspaceForm
from .models import Invitation, Membership, Role


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def home(request):
    """Open the workspace used last, else the first one, else offer to create one."""
    memberships = request.user.memberships.select_related("workspace")
    last = request.session.get("last_workspace")
    membership = memberships.filter(workspace__slug=last).first() or memberships.first()
    if membership is None:
        return redirect("workspace_new")
    return redirect("opportunities:list", workspace_slug=membership.workspace.slug)


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
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, link = services.member_add(
                actor=request.membership,
                base_url=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if membership:
                messages.success(
                    request, _("%(name)s is now a member.") % {"name": membership.user}
                )
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s. You can also share this link: %(link)s")
                    % {"email": form.cleaned_data["email"], "link": link},
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
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation for %(email)s revoked.") % {"email": invitation.email})
    return redirect("workspaces:members", workspace_slug=request.workspace.slug)


def invitation(request, token):
    """Accept an invitation: the invited person chooses a name and password and is signed in."""
    found = services.find_invitation(token)
    if found is None:
        return render(request, "workspaces/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
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
