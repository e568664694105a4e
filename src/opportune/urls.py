from django.urls import include, path

from opportune.core import views as core_views
from opportune.journal import urls as journal_urls
from opportune.myday import urls as myday_urls
from opportune.opportunities import urls as opportunity_urls
from opportune.opportunity_page import urls as opportunity_page_urls
from opportune.tasks import urls as task_urls
from opportune.workspaces import views as workspace_views

workspace_urls = [
    path("", core_views.workspace_home, name="workspace_home"),
    path("", include(myday_urls.workspace_urlpatterns)),
    path("reports/", core_views.reports, name="reports"),
    path("", include("opportune.workspaces.urls")),
    path("settings/project/", include("opportune.opportunities.settings_urls")),
    # The opportunity and everything on its page share one namespace.
    path(
        "",
        include(
            (
                opportunity_urls.urlpatterns
                + opportunity_page_urls.urlpatterns
                + journal_urls.urlpatterns
                + task_urls.urlpatterns,
                "opportunities",
            )
        ),
    ),
    path("", include("opportune.organizations.urls")),
    path("", include("opportune.contacts.urls")),
]

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("accounts/", include("opportune.accounts.urls")),
    path("workspaces/new/", workspace_views.workspace_new, name="workspace_new"),
    path("invitations/<str:token>/", workspace_views.invitation, name="invitation"),
    path("", include(myday_urls.urlpatterns)),
    path("w/<slug:workspace_slug>/", include(workspace_urls)),
]
