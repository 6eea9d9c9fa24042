"""Addresses of the statistics dashboard, under the language prefix."""

from django.urls import path

from vigilance.stats.views import staff

app_name = "stats_staff"

urlpatterns = [
    path("staff/statistics/", staff.dashboard, name="dashboard"),
    path("staff/statistics/export/<slug:table>.csv", staff.export, name="export"),
]
