from django.urls import path

from . import views

app_name = "opportunities"
urlpatterns = [
    path("opportunities/", views.opportunities, name="list"),
]
