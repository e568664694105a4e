from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportune.core.forms import add_errors
from opportune.core.pages import ordered_page, render_fragment_or_page
from opportune.organizations.models import Organization
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services
from .forms import ContactForm, ContactSearchForm
from .models import Contact
from .vcard import vcard_for

PAGE_SIZE = 50


@workspace_view()
def contact_list(request):
    search = ContactSearchForm(request.GET)
    # No test of the organization: it takes its contacts along to the trash and back
    # (trash.services), and a join would make the total read every row instead of an index.
    contacts = (
        Contact.objects.in_workspace(request.workspace)
        .alive()
        .search(search.value())
        .order_by("last_name", "first_name", "pk")
    )
    context = {
        "page_obj": ordered_page(
            contacts,
            request.GET.get("page"),
            PAGE_SIZE,
            rows=Contact.objects.in_workspace(request.workspace).select_related("organization"),
        ),
        "search": search,
    }
    return render_fragment_or_page(request, "contacts/list.html", "results", context)


def _back_to(request, organization):
    return redirect(
        "organizations:detail", workspace_slug=request.workspace.slug, pk=organization.pk
    )


@workspace_view(read=Role.MEMBER)
def contact_new(request, organization_pk):
    organization = get_for(request, Organization.objects.alive(), pk=organization_pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                workspace=request.workspace,
                actor=request.user,
                organization=organization,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Contact %(name)s added.") % {"name": contact.full_name})
            return _back_to(request, organization)
    context = {"form": form, "organization": organization, "contact": None}
    return render(request, "contacts/form.html", context)


@workspace_view(read=Role.MEMBER)
def contact_edit(request, pk):
    contact = get_for(
        request,
        Contact.objects.alive().select_related("organization"),
        pk=pk,
        organization__deleted_at__isnull=True,
    )
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            contact.refresh_from_db()  # the heading shows the saved name
        else:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": contact.full_name})
            return _back_to(request, contact.organization)
    context = {"form": form, "organization": contact.organization, "contact": contact}
    return render(request, "contacts/form.html", context)


@workspace_view()
@require_POST
def contact_delete(request, pk):
    contact = get_for(request, Contact.objects.alive().select_related("organization"), pk=pk)
    services.contact_delete(contact=contact, actor=request.user)
    messages.success(request, _("%(name)s was moved to the trash.") % {"name": contact.full_name})
    return _back_to(request, contact.organization)


@workspace_view()
def contact_vcard(request, pk):
    contact = get_for(request, Contact.objects.alive().select_related("organization"), pk=pk)
    response = HttpResponse(vcard_for(contact), content_type="text/vcard; charset=utf-8")
    filename = slugify(contact.full_name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
