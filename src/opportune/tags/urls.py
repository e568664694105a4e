from django.urls import path

from . import views

# Part of the "project" namespace, under /w/<workspace_slug>/settings/project/.
urlpatterns = [
    path("tags/", views.tag_create, name="tag_create"),
    path("tags/<id:tag_id>/", views.tag_edit, name="tag_edit"),
    path("tags/<id:tag_id>/remove/", views.tag_remove, name="tag_remove"),
]
