from django.urls import path

from . import views

# Part of the "opportunities" namespace, under /w/<workspace_slug>/.
urlpatterns = [
    path("o/<str:short_name>/", views.page, name="detail"),
    path("o/<str:short_name>/properties/", views.properties, name="properties"),
    path("o/<str:short_name>/properties/<str:name>/", views.property_edit, name="property"),
    path("o/<str:short_name>/organization/", views.organization_panel, name="organization"),
    path("o/<str:short_name>/members/", views.member_add, name="member_add"),
    path(
        "o/<str:short_name>/members/<id:member_id>/attitude/",
        views.member_attitude,
        name="member_attitude",
    ),
    path(
        "o/<str:short_name>/members/<id:member_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("o/<str:short_name>/history/", views.history, name="history"),
]
