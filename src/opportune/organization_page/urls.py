from django.urls import path

from . import views

# Part of the "organizations" namespace, under /w/<workspace_slug>/.
urlpatterns = [
    path("organizations/", views.organization_list, name="list"),
    path("organizations/<id:pk>/", views.organization_detail, name="detail"),
]
