"""Reads on reports: what a reporter may see of their own report."""

from dataclasses import dataclass

from vigilance.evidence.models import Evidence
from vigilance.intake.models import Report, ReportEvent, ReportStatus


@dataclass(frozen=True)
class PublicReportView:
    """The part of a report its author sees with the tracking code: never staff notes."""

    report: Report
    status_label: str
    history: list[ReportEvent]
    evidence: list[Evidence]


def report_public_view(report: Report) -> PublicReportView:
    return PublicReportView(
        report=report,
        status_label=str(ReportStatus(report.status).label),
        history=list(report.events.filter(is_public=True)),
        evidence=list(report.evidence.order_by("received_at", "id")),
    )
