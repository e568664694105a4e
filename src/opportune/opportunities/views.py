from django.shortcuts import render

from opportune.workspaces.access import workspace_view


@workspace_view()
def opportunities(request):
    return render(request, "opportunities/list.html")
