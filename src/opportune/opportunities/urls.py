from django.urls import path

from . import views

# Composed into the "opportunities" namespace by opportune/urls.py.
urlpatterns = [
    path("opportunities/new/", views.opportunity_new, name="new"),
    path("opportunities/organizations/", views.organization_options, name="organization_options"),
    path("o/<str:short_name>/edit/", views.opportunity_edit, name="edit"),
    path("o/<str:short_name>/phase/", views.opportunity_move, name="move"),
    path("o/<str:short_name>/win/", views.opportunity_win, name="win"),
    path("o/<str:short_name>/lose/", views.opportunity_lose, name="lose"),
    path("o/<str:short_name>/reopen/", views.opportunity_reopen, name="reopen"),
    path("o/<str:short_name>/delete/", views.opportunity_delete, name="delete"),
]
