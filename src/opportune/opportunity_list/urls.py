from django.urls import path

from . import views

# Part of the "opportunities" namespace, under /w/<workspace_slug>/.
urlpatterns = [
    path("opportunities/", views.opportunity_list, name="list"),
]
