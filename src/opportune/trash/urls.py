from django.urls import path

from . import views

# Part of the "organizations" namespace, under /w/<workspace_slug>/.
urlpatterns = [
    path("organizations/<id:pk>/delete/", views.organization_delete, name="delete"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:kind>/<id:pk>/restore/", views.trash_restore, name="restore"),
]
