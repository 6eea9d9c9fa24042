"""The triage queue and the staff page of a report, with its actions and evidence download."""

from django.urls import path

from vigilance.cases.views import report, triage

urlpatterns = [
    path("staff/triage/", triage.queue, name="triage_queue"),
    path("staff/reports/<uuid:report_id>/", report.report_detail, name="report_detail"),
    path(
        "staff/reports/<uuid:report_id>/evidence/<uuid:evidence_id>/",
        report.report_evidence,
        name="report_evidence",
    ),
    path(
        "staff/reports/<uuid:report_id>/<slug:action>/",
        report.report_action,
        name="report_action",
    ),
]
