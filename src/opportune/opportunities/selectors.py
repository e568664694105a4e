from opportune.workspaces.access import get_for

from .models import Opportunity


def get_opportunity(request, short_name: str) -> Opportunity:
    """The live opportunity with this short name in the current workspace, or 404."""
    queryset = (
        Opportunity.objects.in_workspace(request.workspace)
        .alive()
        .select_related("organization", "phase", "owner", "category", "workspace")
    )
    return get_for(request, queryset, short_name=short_name.upper())
