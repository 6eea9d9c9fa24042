"""Addresses of the alerts pages, under the language prefix."""

from django.urls import path

from vigilance.alerts.feeds import AlertsAtomFeed, AlertsRssFeed
from vigilance.alerts.views import public, staff

app_name = "alerts"

urlpatterns = [
    path("alerts/", public.alert_list, name="list"),
    path("alerts/feed/rss/", AlertsRssFeed(), name="feed_rss"),
    path("alerts/feed/atom/", AlertsAtomFeed(), name="feed_atom"),
    path("alerts/<str:reference>/", public.alert_short, name="short"),
    path("alerts/<str:reference>/picture/", public.alert_picture, name="picture"),
    path("alerts/<str:reference>/<slug:slug>/", public.alert_detail, name="detail"),
    path("staff/alerts/", staff.staff_list, name="staff_list"),
    path("staff/alerts/new/", staff.staff_create, name="staff_create"),
    path("staff/alerts/partners/", staff.partner_list, name="partner_list"),
    path("staff/alerts/partners/<str:reference>/", staff.partner_detail, name="partner_detail"),
    path("staff/alerts/<str:reference>/", staff.staff_detail, name="staff_detail"),
    path("staff/alerts/<str:reference>/edit/", staff.staff_edit, name="staff_edit"),
    path("staff/alerts/<str:reference>/<str:action>/", staff.staff_action, name="staff_action"),
]
