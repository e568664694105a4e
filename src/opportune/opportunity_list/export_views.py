from django.http import FileResponse, StreamingHttpResponse

from opportune.opportunities.models import Opportunity
from opportune.workspaces.access import workspace_view

from .columns import Columns
from .export import (
    MACHINE,
    XLSX_CONTENT_TYPE,
    ExportFormat,
    csv_chunks,
    export_columns,
    export_filename,
    xlsx_file,
)
from .filters import OpportunityFilter
from .views import DEFAULT_SORT


@workspace_view()
def opportunity_export(request, file_type):
    """Every opportunity the list with the same query string shows, on all its pages and in
    its order, as a CSV or XLSX download; what the list ignores is ignored here too."""
    registry = Columns.of(request.workspace)
    chosen = OpportunityFilter.from_query(
        request.GET, workspace=request.workspace, user=request.user
    )
    opportunities = chosen.apply(Opportunity.objects.in_workspace(request.workspace).alive())
    opportunities = opportunities.order_by(*_ordering(request.GET.get("sort"), registry))
    arguments = {
        "columns": export_columns(request, registry),
        "export_format": ExportFormat.for_reader(machine=request.GET.get("format") == MACHINE),
    }
    filename = export_filename(request.workspace, file_type)
    if file_type == "xlsx":
        return FileResponse(
            xlsx_file(opportunities, **arguments),
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )
    response = StreamingHttpResponse(
        csv_chunks(opportunities, **arguments), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ordering(sort: str | None, registry: Columns) -> list:
    """The list's order for `sort` (a column key, "-" first for descending); the default for
    a key that is not a column."""
    if not sort or sort.removeprefix("-") not in registry.by_key:
        sort = DEFAULT_SORT
    column = registry.by_key[sort.removeprefix("-")]
    return column.ordering(descending=sort.startswith("-"))
