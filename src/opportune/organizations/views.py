from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opportune.core.forms import add_errors
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services
from .forms import OrganizationForm
from .models import Organization


def _form_page(request, form, organization=None):
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


@workspace_view(read=Role.MEMBER)
def organization_new(request):
    form = OrganizationForm(
        request.POST or None,
        workspace=request.workspace,
        key_url=reverse("organizations:key", args=[request.workspace.slug]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                workspace=request.workspace, actor=request.user, **form.organization_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Organization “%(name)s” created.") % {"name": organization.name}
            )
            return redirect(
                "organizations:detail", workspace_slug=request.workspace.slug, pk=organization.pk
            )
    return _form_page(request, form)


@workspace_view(read=Role.MEMBER)
def organization_key(request):
    """Propose a key for the name typed so far, unless the person typed a key of their own."""
    key = request.GET.get("key", "").strip().upper()
    if key and key != request.GET.get("key_proposed", "").strip().upper():
        return HttpResponse(status=204)  # htmx leaves the field alone
    name = request.GET.get("name", "")[:200]
    proposal = services.proposed_key(request.workspace, name) if name.strip() else ""
    form = OrganizationForm(
        workspace=request.workspace, initial={"key": proposal, "key_proposed": proposal}
    )
    return render(request, "organizations/form.html#key-field", {"form": form})


@workspace_view(read=Role.MEMBER)
def organization_edit(request, pk):
    organization = get_for(request, Organization.objects.alive(), pk=pk)
    form = OrganizationForm(
        request.POST or None,
        workspace=request.workspace,
        initial=OrganizationForm.initial_for(organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization, actor=request.user, **form.organization_fields()
            )
        except ValidationError as error:
            add_errors(form, error)
            organization.refresh_from_db()  # the heading shows the saved name
        else:
            messages.success(
                request, _("Changes to “%(name)s” saved.") % {"name": organization.name}
            )
            return redirect(
                "organizations:detail", workspace_slug=request.workspace.slug, pk=organization.pk
            )
    return _form_page(request, form, organization)
