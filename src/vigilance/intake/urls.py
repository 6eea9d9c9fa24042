"""Public pages of reporting: the report form and its receipt, following a report."""

from django.urls import include, path

app_name = "intake"

urlpatterns = [
    path("report/", include("vigilance.intake.urls_report")),
    path("follow/", include("vigilance.intake.urls_follow")),
]
