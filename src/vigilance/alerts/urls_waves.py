"""Addresses of the scam-wave pages, under the language prefix."""

from django.urls import path

from vigilance.alerts.views import waves as views

app_name = "alerts_waves"

urlpatterns = [
    path("staff/alerts/waves/", views.wave_list, name="wave_list"),
    path("staff/alerts/waves/<int:finding_id>/dismiss/", views.wave_dismiss, name="wave_dismiss"),
]
