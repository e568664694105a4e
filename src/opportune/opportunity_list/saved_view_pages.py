"""The pages behind the list's "Views" menu. Every action is a form post that works without
JavaScript and leads back to the list; a form with errors is shown alone with them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from opportune.core.converters import parse_id
from opportune.core.forms import Form, SingleLineCharField, add_errors, single_line
from opportune.workspaces.access import get_for, workspace_view
from opportune.workspaces.models import Role

from . import services
from .models import VIEW_NAME_MAX, SavedView
from .saved_views import WITHOUT_DEFAULT, may_change, stored_query

# Saving a view changes only the reader's own menu: viewers may (services.py says who may what).
own_views = workspace_view(write=Role.VIEWER)
STEPS = {"up": -1, "down": 1}


class SavedViewForm(Form):
    name = SingleLineCharField(label=gettext_lazy("Name"), max_length=VIEW_NAME_MAX)
    is_shared = forms.BooleanField(label=gettext_lazy("Share with the workspace"), required=False)


class RenameForm(Form):
    name = SingleLineCharField(label=gettext_lazy("Name"), max_length=VIEW_NAME_MAX)


def _list_url(request, query: str = "") -> str:
    url = reverse("opportunities:list", args=[request.workspace.slug])
    return f"{url}?{query}" if query else url


def _back(request) -> str:
    """The list address the form came from; re-encoded, so it stays a query of the list."""
    return _list_url(request, QueryDict(single_line(request.POST.get("back", ""))).urlencode())


def _visible(request, view_id) -> SavedView:
    """The reader's own view or a shared one of this workspace; 404 for any other."""
    return get_for(request, SavedView.objects.visible_to(request.user), pk=view_id)


def _changeable(request, view_id) -> SavedView:
    view = _visible(request, view_id)
    if not may_change(request.membership, view):
        raise PermissionDenied
    return view


def _form_page(request, form, *, title, action, query="", back=""):
    context = {"form": form, "title": title, "action": action, "query": query, "back": back}
    return render(request, "opportunity_list/view_form.html", context)


@workspace_view()
def saved_view_open(request, view_id):
    """The list as the view says, read again for this reader in this workspace."""
    view = _visible(request, view_id)
    query = stored_query(QueryDict(view.query), workspace=request.workspace, user=request.user)
    return redirect(_list_url(request, query or WITHOUT_DEFAULT))


@own_views
@require_POST
def saved_view_save(request):
    query = stored_query(
        QueryDict(single_line(request.POST.get("query", ""))),
        workspace=request.workspace,
        user=request.user,
    )
    form = SavedViewForm(request.POST)
    if not request.membership.can_edit:
        del form.fields["is_shared"]
    if form.is_valid():
        try:
            view = services.saved_view_create(
                actor=request.membership,
                name=form.cleaned_data["name"],
                query=query,
                is_shared=form.cleaned_data.get("is_shared", False),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
            return redirect(_list_url(request, query or WITHOUT_DEFAULT))
    action = reverse("opportunities:view_save", args=[request.workspace.slug])
    return _form_page(
        request, form, title=_("Save current view"), action=action, query=query, back=query
    )


@own_views
@require_http_methods(["GET", "POST"])
def saved_view_rename(request, view_id):
    view = _changeable(request, view_id)
    old_name = view.name
    posted = request.POST if request.method == "POST" else None
    form = RenameForm(posted, initial={"name": view.name})
    if form.is_valid():
        try:
            services.saved_view_rename(
                actor=request.membership, view=view, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("View renamed to “%(name)s”.") % {"name": view.name})
            return redirect(_back(request))
    action = reverse("opportunities:view_rename", args=[request.workspace.slug, view.pk])
    back = single_line(request.POST.get("back", "")) if posted else request.GET.urlencode()
    title = _("Rename view “%(name)s”") % {"name": old_name}
    return _form_page(request, form, title=title, action=action, back=back)


@own_views
@require_POST
def saved_view_share(request, view_id):
    view = _changeable(request, view_id)
    is_shared = request.POST.get("is_shared") == "yes"
    services.saved_view_share(actor=request.membership, view=view, is_shared=is_shared)
    if is_shared:
        message = _("View “%(name)s” is shared with the workspace.")
    else:
        message = _("View “%(name)s” is private now.")
    messages.success(request, message % {"name": view.name})
    return redirect(_back(request))


@own_views
@require_POST
def saved_view_move(request, view_id):
    view = _visible(request, view_id)
    step = STEPS.get(request.POST.get("direction", ""))
    if step is None:
        return HttpResponseBadRequest(_("Move a view up or down."))
    services.saved_view_reorder(actor=request.membership, view=view, step=step)
    return redirect(_back(request))


@own_views
@require_http_methods(["GET", "POST"])
def saved_view_delete(request, view_id):
    view = _changeable(request, view_id)
    if request.method == "POST":
        services.saved_view_delete(actor=request.membership, view=view)
        messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
        return redirect(_back(request))
    context = {"view": view, "back": request.GET.urlencode()}
    return render(request, "opportunity_list/view_delete.html", context)


@own_views
@require_POST
def saved_view_default(request):
    """Open the list with the posted view from now on; no view: with the plain list."""
    posted = request.POST.get("view", "")
    view = _visible(request, parse_id(posted)) if posted else None
    services.saved_view_set_default(actor=request.membership, view=view)
    if view is None:
        messages.success(request, _("The list opens without a view now."))
    else:
        messages.success(request, _("The list opens with “%(name)s” now.") % {"name": view.name})
    return redirect(_back(request))
