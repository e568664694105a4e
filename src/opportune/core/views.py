from django.shortcuts import redirect, render

from opportune.workspaces.access import workspace_view


@workspace_view()
def workspace_home(request):
    return redirect("opportunities:list", workspace_slug=request.workspace.slug)


@workspace_view()
def reports(request):
    return render(request, "core/reports.html")
