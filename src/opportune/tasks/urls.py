from django.urls import path

from . import views

# Part of the "opportunities" namespace, under /w/<workspace_slug>/o/<short_name>/.
urlpatterns = [
    path("o/<str:short_name>/tasks/", views.task_add, name="task_add"),
    path("o/<str:short_name>/tasks/<id:task_id>/done/", views.task_done, name="task_done"),
    path("o/<str:short_name>/tasks/<id:task_id>/reopen/", views.task_reopen, name="task_reopen"),
    path(
        "o/<str:short_name>/tasks/<id:task_id>/assignee/",
        views.task_reassign,
        name="task_reassign",
    ),
    path("o/<str:short_name>/tasks/<id:task_id>/delete/", views.task_delete, name="task_delete"),
]
