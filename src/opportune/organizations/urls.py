from django.urls import path

from . import views

# Composed into the "organizations" namespace by opportune/urls.py, with the organization page's
# and the trash's routes.
urlpatterns = [
    path("organizations/new/", views.organization_new, name="new"),
    path("organizations/key/", views.organization_key, name="key"),
    path("organizations/<id:pk>/edit/", views.organization_edit, name="edit"),
]
