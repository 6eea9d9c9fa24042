"""Public pages: the report form, step by step, its receipt and the notice on personal data."""

from django.urls import path

from vigilance.intake.views import report

urlpatterns = [
    path("", report.report_start, name="report"),
    path("privacy/", report.privacy, name="privacy"),
    path("review/", report.report_review, name="report_review"),
    path("done/", report.report_done, name="report_done"),
    path("receipt/<str:reference>.pdf", report.report_receipt, name="report_receipt"),
    path("<slug:step>/", report.report_step, name="report_step"),
]
