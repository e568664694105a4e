from django.urls import path

from . import settings_views as views

app_name = "project"
# Mounted under /w/<workspace_slug>/settings/project/.
urlpatterns = [
    path("", views.index, name="index"),
    path("phases/", views.phase_create, name="phase_create"),
    path("phases/reorder/", views.phases_reorder, name="phases_reorder"),
    path("phases/<int:phase_id>/", views.phase_edit, name="phase_edit"),
    path("phases/<int:phase_id>/move/", views.phase_move, name="phase_move"),
    path("phases/<int:phase_id>/remove/", views.phase_remove, name="phase_remove"),
    path("categories/", views.category_create, name="category_create"),
    path("categories/<int:category_id>/", views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/remove/", views.category_remove, name="category_remove"),
    path("tags/", views.tag_create, name="tag_create"),
    path("tags/<int:tag_id>/", views.tag_edit, name="tag_edit"),
    path("tags/<int:tag_id>/remove/", views.tag_remove, name="tag_remove"),
    path("fields/new/", views.field_create, name="field_create"),
    path("fields/<int:field_id>/", views.field_edit, name="field_edit"),
    path("fields/<int:field_id>/move/", views.field_move, name="field_move"),
    path("fields/<int:field_id>/remove/", views.field_remove, name="field_remove"),
    path("fields/<int:field_id>/options/", views.option_add, name="option_add"),
    path(
        "fields/<int:field_id>/options/<int:option_id>/",
        views.option_rename,
        name="option_rename",
    ),
    path(
        "fields/<int:field_id>/options/<int:option_id>/remove/",
        views.option_remove,
        name="option_remove",
    ),
]
