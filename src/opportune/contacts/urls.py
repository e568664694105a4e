from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("contacts/", views.contact_list, name="list"),
    path("organizations/<int:organization_pk>/contacts/new/", views.contact_new, name="new"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="edit"),
    path("contacts/<int:pk>/vcard/", views.contact_vcard, name="vcard"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="delete"),
]
