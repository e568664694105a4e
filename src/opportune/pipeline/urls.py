from django.urls import path

from . import views

# The "project" namespace, with tags.urls, under /w/<workspace_slug>/settings/project/.
urlpatterns = [
    path("", views.index, name="index"),
    path("phases/", views.phase_create, name="phase_create"),
    path("phases/reorder/", views.phases_reorder, name="phases_reorder"),
    path("phases/<id:phase_id>/", views.phase_edit, name="phase_edit"),
    path("phases/<id:phase_id>/move/", views.phase_move, name="phase_move"),
    path("phases/<id:phase_id>/remove/", views.phase_remove, name="phase_remove"),
    path("categories/", views.category_create, name="category_create"),
    path("categories/<id:category_id>/", views.category_edit, name="category_edit"),
    path("categories/<id:category_id>/remove/", views.category_remove, name="category_remove"),
    path("fields/new/", views.field_create, name="field_create"),
    path("fields/<id:field_id>/", views.field_edit, name="field_edit"),
    path("fields/<id:field_id>/move/", views.field_move, name="field_move"),
    path("fields/<id:field_id>/remove/", views.field_remove, name="field_remove"),
    path("fields/<id:field_id>/options/", views.option_add, name="option_add"),
    path(
        "fields/<id:field_id>/options/<id:option_id>/",
        views.option_rename,
        name="option_rename",
    ),
    path(
        "fields/<id:field_id>/options/<id:option_id>/remove/",
        views.option_remove,
        name="option_remove",
    ),
]
