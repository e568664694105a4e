from django.shortcuts import render

from opportune.workspaces.access import workspace_view


@workspace_view()
def reports(request):
    return render(request, "reports/reports.html")
