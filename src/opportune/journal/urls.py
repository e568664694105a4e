from django.urls import path

from . import views

# Part of the "opportunities" namespace, under /w/<workspace_slug>/o/<short_name>/.
urlpatterns = [
    path("o/<str:short_name>/journal/", views.journal, name="journal"),
    path("o/<str:short_name>/journal/<id:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path(
        "o/<str:short_name>/journal/<id:entry_id>/delete/",
        views.entry_delete,
        name="entry_delete",
    ),
    path(
        "o/<str:short_name>/journal/<id:entry_id>/done/",
        views.reminder_done,
        name="entry_reminder_done",
    ),
]
