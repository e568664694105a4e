from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("contacts/", views.contact_list, name="list"),
    path("organizations/<id:organization_pk>/contacts/new/", views.contact_new, name="new"),
    path("contacts/<id:pk>/edit/", views.contact_edit, name="edit"),
    path("contacts/<id:pk>/vcard/", views.contact_vcard, name="vcard"),
    path("contacts/<id:pk>/delete/", views.contact_delete, name="delete"),
]
