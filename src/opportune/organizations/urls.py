from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("organizations/", views.organization_list, name="list"),
    path("organizations/new/", views.organization_new, name="new"),
    path("organizations/key/", views.organization_key, name="key"),
    path("organizations/<int:pk>/", views.organization_detail, name="detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="edit"),
    path("organizations/<int:pk>/delete/", views.organization_delete, name="delete"),
    path("trash/", views.trash, name="trash"),
    path("trash/<str:kind>/<int:pk>/restore/", views.trash_restore, name="restore"),
]
