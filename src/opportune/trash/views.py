"""Moving an organization to the trash, the trash page and restoring from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.contacts.models import Contact
from opportune.contacts.services import contact_restore
from opportune.opportunities.models import Opportunity
from opportune.opportunities.services import opportunity_restore
from opportune.organizations.models import Organization
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services

TRASH_LIMIT = 100


@workspace_view()
@require_POST
def organization_delete(request, pk):
    organization = get_for(request, Organization.objects.alive(), pk=pk)
    services.organization_trash(organization=organization, actor=request.user)
    messages.success(
        request,
        _("“%(name)s” and its contacts and opportunities were moved to the trash.")
        % {"name": organization.name},
    )
    return redirect("organizations:list", workspace_slug=request.workspace.slug)


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
def trash(request):
    """Everything soft-deleted in the workspace, newest first, for an admin to restore."""

    def newest(queryset):
        queryset = queryset.in_workspace(request.workspace).in_trash().order_by("-deleted_at")
        return list(queryset[: TRASH_LIMIT + 1])

    sections = {
        "organizations": newest(Organization.objects.all()),
        "contacts": newest(Contact.objects.select_related("organization")),
        "opportunities": newest(Opportunity.objects.select_related("organization")),
    }
    context = {
        "sections": {kind: rows[:TRASH_LIMIT] for kind, rows in sections.items()},
        "is_cut": any(len(rows) > TRASH_LIMIT for rows in sections.values()),
        "trash_limit": TRASH_LIMIT,
    }
    return render(request, "trash/trash.html", context)


# What the trash can restore: kind in the URL -> (queryset, the service's argument, service).
RESTORABLE = {
    "organizations": (Organization.objects.all(), "organization", services.organization_restore),
    "contacts": (Contact.objects.select_related("organization"), "contact", contact_restore),
    "opportunities": (
        Opportunity.objects.select_related("organization"),
        "opportunity",
        opportunity_restore,
    ),
}


@workspace_view(read=Role.ADMIN, write=Role.ADMIN)
@require_POST
def trash_restore(request, kind, pk):
    if kind not in RESTORABLE:
        raise Http404
    queryset, argument, restore = RESTORABLE[kind]
    item = get_for(request, queryset.in_trash(), pk=pk)
    try:
        restore(actor=request.user, **{argument: item})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was restored.") % {"name": item})
    return redirect("organizations:trash", workspace_slug=request.workspace.slug)
