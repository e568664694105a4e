from django.urls import path

from . import export_views, saved_view_pages, views

# Part of the "opportunities" namespace, under /w/<workspace_slug>/.
urlpatterns = [
    path("opportunities/", views.opportunity_list, name="list"),
    path("opportunities/columns/", views.opportunity_list_columns, name="list_columns"),
    path("opportunities/views/", saved_view_pages.saved_view_save, name="view_save"),
    path("opportunities/views/default/", saved_view_pages.saved_view_default, name="view_default"),
    path("opportunities/views/<id:view_id>/", saved_view_pages.saved_view_open, name="view_open"),
    path(
        "opportunities/views/<id:view_id>/rename/",
        saved_view_pages.saved_view_rename,
        name="view_rename",
    ),
    path(
        "opportunities/views/<id:view_id>/share/",
        saved_view_pages.saved_view_share,
        name="view_share",
    ),
    path(
        "opportunities/views/<id:view_id>/move/",
        saved_view_pages.saved_view_move,
        name="view_move",
    ),
    path(
        "opportunities/views/<id:view_id>/delete/",
        saved_view_pages.saved_view_delete,
        name="view_delete",
    ),
    path(
        "opportunities/export.csv",
        export_views.opportunity_export,
        {"file_type": "csv"},
        name="export_csv",
    ),
    path(
        "opportunities/export.xlsx",
        export_views.opportunity_export,
        {"file_type": "xlsx"},
        name="export_xlsx",
    ),
]
