from django.shortcuts import render

from opportune.workspaces.access import workspace_view


@workspace_view()
def contacts(request):
    return render(request, "contacts/list.html")
