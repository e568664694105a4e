from django.urls import include, path

from opportune.journal import urls as journal_urls
from opportune.myday import urls as myday_urls
from opportune.opportunities import urls as opportunity_urls
from opportune.opportunity_list import urls as opportunity_list_urls
from opportune.opportunity_page import urls as opportunity_page_urls
from opportune.organization_page import urls as organization_page_urls
from opportune.organizations import urls as organization_urls
from opportune.pipeline import urls as pipeline_urls
from opportune.reports import views as report_views
from opportune.tags import urls as tag_urls
from opportune.tasks import urls as task_urls
from opportune.trash import urls as trash_urls
from opportune.workspaces import views as workspace_views

workspace_urls = [
    path("", workspace_views.workspace_home, name="workspace_home"),
    path("", include(myday_urls.workspace_urlpatterns)),
    path("reports/", report_views.reports, name="reports"),
    path("", include("opportune.workspaces.urls")),
    # Project settings: the pipeline's phases, categories and fields, and the tags.
    path(
        "settings/project/",
        include((pipeline_urls.urlpatterns + tag_urls.urlpatterns, "project")),
    ),
    # The opportunity and everything on its page share one namespace.
    path(
        "",
        include(
            (
                opportunity_list_urls.urlpatterns
                + opportunity_urls.urlpatterns
                + opportunity_page_urls.urlpatterns
                + journal_urls.urlpatterns
                + task_urls.urlpatterns,
                "opportunities",
            )
        ),
    ),
    # The organization, its page and its trip to the trash share one namespace.
    path(
        "",
        include(
            (
                organization_urls.urlpatterns
                + organization_page_urls.urlpatterns
                + trash_urls.urlpatterns,
                "organizations",
            )
        ),
    ),
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
