"""Addresses of the alerts pages, under the language prefix."""

from django.urls import path, register_converter

from vigilance.alerts.feeds import AlertsAtomFeed, AlertsRssFeed
from vigilance.alerts.views import public, staff


class AlertReferenceConverter:
    """``ALR-2026-000012``: only an alert's reference, so that the other pages under alerts/
    (subscribe, waves...) are never taken for one."""

    regex = r"ALR-[0-9]{4}-[0-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AlertReferenceConverter, "alert_ref")

app_name = "alerts"

urlpatterns = [
    path("alerts/", public.alert_list, name="list"),
    path("alerts/feed/rss/", AlertsRssFeed(), name="feed_rss"),
    path("alerts/feed/atom/", AlertsAtomFeed(), name="feed_atom"),
    path("alerts/<alert_ref:reference>/", public.alert_short, name="short"),
    path("alerts/<alert_ref:reference>/picture/", public.alert_picture, name="picture"),
    path("alerts/<alert_ref:reference>/<slug:slug>/", public.alert_detail, name="detail"),
    path("staff/alerts/", staff.staff_list, name="staff_list"),
    path("staff/alerts/new/", staff.staff_create, name="staff_create"),
    path("staff/alerts/partners/", staff.partner_list, name="partner_list"),
    path(
        "staff/alerts/partners/<alert_ref:reference>/", staff.partner_detail, name="partner_detail"
    ),
    path("staff/alerts/<alert_ref:reference>/", staff.staff_detail, name="staff_detail"),
    path("staff/alerts/<alert_ref:reference>/edit/", staff.staff_edit, name="staff_edit"),
    path(
        "staff/alerts/<alert_ref:reference>/<str:action>/", staff.staff_action, name="staff_action"
    ),
]
