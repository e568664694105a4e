from django.urls import path

from . import views

app_name = "workspaces"
# Mounted under /w/<workspace_slug>/.
urlpatterns = [
    path("settings/", views.settings_general, name="settings"),
    path("settings/members/", views.settings_members, name="members"),
    path("settings/members/<id:membership_id>/role/", views.member_role, name="member_role"),
    path("settings/members/<id:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "settings/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
