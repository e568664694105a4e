from django.shortcuts import render

from opportune.workspaces.access import workspace_view


@workspace_view()
def organizations(request):
    return render(request, "organizations/list.html")
