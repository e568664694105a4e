from django.urls import path  # noqa: F401

app_name = "project"
# Mounted under /w/<workspace_slug>/settings/project/.
urlpatterns: list = []
