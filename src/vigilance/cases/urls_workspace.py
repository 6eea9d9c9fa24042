"""Addresses of the staff home page, search and notifications."""

from django.urls import path

from vigilance.cases.views import notifications, search, workspace

urlpatterns = [
    path("staff/", workspace.home, name="home"),
    path("staff/search/", search.search, name="search"),
    path("staff/notifications/", notifications.notification_list, name="notifications"),
    path(
        "staff/notifications/read/",
        notifications.notification_read_all,
        name="notifications_read_all",
    ),
    path(
        "staff/notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
]
