"""Addresses of the stats pages, under the language prefix."""

from django.urls import path

from vigilance.stats.views import annual_report, public

app_name = "stats"

urlpatterns = [
    path("statistics/", public.statistics, name="statistics"),
    path("staff/statistics/annual-report/", annual_report.annual_report, name="annual_report"),
    path(
        "staff/statistics/annual-report/<int:year>.pdf",
        annual_report.annual_report_pdf,
        name="annual_report_pdf",
    ),
]
