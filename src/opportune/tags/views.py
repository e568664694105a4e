"""Tags in Administration → Workspace settings → Project settings (admins and owners only).

The list and the "Add tag" form live on the project settings page; these views take its posts
and send the admin back there, or show the form alone with what needs fixing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opportune.core.forms import add_errors
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services
from .forms import TagForm
from .models import Tag

admin_only = workspace_view(read=Role.ADMIN, write=Role.ADMIN)


def _back(request) -> str:
    return f"{reverse('project:index', args=[request.workspace.slug])}#tags"


def _form_page(request, form, title: str):
    context = {"form": form, "title": title, "back": _back(request)}
    return render(request, "workspaces/settings_edit.html", context)


@admin_only
@require_POST
def tag_create(request):
    form = TagForm(request.POST, auto_id="tag_%s")
    if form.is_valid():
        try:
            tag = services.tag_create(workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Tag “%(name)s” added.") % {"name": tag.name})
            return redirect(_back(request))
    return _form_page(request, form, _("Add a tag"))


@admin_only
@require_http_methods(["GET", "POST"])
def tag_edit(request, tag_id):
    tag = get_for(request, Tag, pk=tag_id)
    old_name = tag.name
    posted = request.POST if request.method == "POST" else None
    form = TagForm(posted, initial={"name": tag.name, "colour": tag.colour})
    if form.is_valid():
        try:
            services.tag_update(tag=tag, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Tag “%(name)s” saved.") % {"name": tag.name})
            return redirect(_back(request))
    return _form_page(request, form, _("Edit tag “%(name)s”") % {"name": old_name})


@admin_only
@require_POST
def tag_remove(request, tag_id):
    tag = get_for(request, Tag, pk=tag_id)
    services.tag_remove(tag=tag)
    messages.success(request, _("Tag “%(name)s” removed.") % {"name": tag.name})
    return redirect(_back(request))
