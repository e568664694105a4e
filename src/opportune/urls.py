from django.urls import include, path

from opportune.core import views as core_views
from opportune.workspaces import views as workspace_views

workspace_urls = [
    path("", core_views.workspace_home, name="workspace_home"),
    path("my-day/", core_views.my_day, name="my_day"),
    path("reports/", core_views.reports, name="reports"),
    path("", include("opportune.workspaces.urls")),
    path("settings/project/", include("opportune.opportunities.settings_urls")),
    path("", include("opportune.opportunities.urls")),
    path("", include("opportune.organizations.urls")),
    path("", include("opportune.contacts.urls")),
]

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("accounts/", include("opportune.accounts.urls")),
    path("workspaces/new/", workspace_views.workspace_new, name="workspace_new"),
    path("invitations/<str:token>/", workspace_views.invitation, name="invitation"),
    path("w/<slug:workspace_slug>/", include(workspace_urls)),
]
