from django.urls import path

from . import views

# Mounted under /w/<workspace_slug>/.
workspace_urlpatterns = [
    path("my-day/", views.my_day, name="my_day"),
    path("my-day/badge/", views.badge, name="my_day_badge"),
    path("my-day/reminders/<id:entry_id>/done/", views.reminder_done, name="reminder_done"),
    path("my-day/reminders/<id:entry_id>/snooze/", views.reminder_snooze, name="reminder_snooze"),
    path("my-day/tasks/<id:task_id>/done/", views.task_done, name="task_done"),
    path("my-day/tasks/<id:task_id>/snooze/", views.task_snooze, name="task_snooze"),
]

urlpatterns = [
    path("calendar/new/", views.feed_create, name="calendar_create"),
    path("calendar/revoke/", views.feed_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="calendar_feed"),
]
