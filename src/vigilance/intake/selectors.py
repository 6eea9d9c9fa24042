"""Reads on reports: what a reporter may see of their own report, in plain words.

The victim reads where the report stands (received, under review, transferred to an agency,
under investigation, closed with its outcome) and the messages investigators chose to send.
Never staff notes, the internal reason of a status, units' internal names or staff names:
an agency is named by its organisation only, in the reader's language.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vigilance.evidence.models import Evidence
from vigilance.intake.models import Outcome, Report, ReportEvent, ReportStatus

# The only kinds whose free text the reporter reads: their own additions, and the messages
# investigators wrote for them. Any other note stays with the staff.
_KINDS_WITH_PUBLIC_TEXT = (ReportEvent.Kind.INFORMATION_ADDED, ReportEvent.Kind.MESSAGE)


@dataclass(frozen=True)
class PublicEvent:
    """One line of the history as the reporter reads it."""

    at: dt.datetime
    kind: str
    label: str
    note: str = ""
    agency: str = ""
    author: str = ""  # who wrote a message: an organisation, in the reader's language
    outcome: str = ""
    outcome_label: str = ""


@dataclass(frozen=True)
class PublicReportView:
    """The part of a report its author sees with the tracking code: never staff notes."""

    report: Report
    status_label: str
    outcome: str
    outcome_label: str
    agency: str  # the organisation the report was last transferred to, if any
    history: list[PublicEvent]
    evidence: list[Evidence]


def outcome_label(outcome: str) -> str:
    return str(Outcome(outcome).label) if outcome in Outcome.values else ""


def _closed_label(outcome: str) -> str:
    label = outcome_label(outcome)
    if not label:
        return str(ReportStatus.CLOSED.label)
    return _("Closed: %(outcome)s") % {"outcome": label}


def _public_event(event: ReportEvent) -> PublicEvent:
    kind = event.kind
    label = str(event.get_kind_display())
    agency = author = ""
    if kind == ReportEvent.Kind.TRANSFERRED and event.organisation is not None:
        agency = event.organisation.name
        label = _("Transferred to %(agency)s") % {"agency": agency}
    elif kind == ReportEvent.Kind.MESSAGE and event.organisation is not None:
        author = event.organisation.name
        label = _("Message from the investigators (%(author)s)") % {"author": author}
    elif kind == ReportEvent.Kind.CLOSED:
        label = _closed_label(event.outcome)
    elif kind == ReportEvent.Kind.STATUS_CHANGED and event.status in ReportStatus.values:
        label = str(ReportStatus(event.status).label)
    return PublicEvent(
        at=event.created_at,
        kind=kind,
        label=label,
        note=event.note if kind in _KINDS_WITH_PUBLIC_TEXT else "",
        agency=agency,
        author=author,
        outcome=event.outcome if kind == ReportEvent.Kind.CLOSED else "",
        outcome_label=outcome_label(event.outcome) if kind == ReportEvent.Kind.CLOSED else "",
    )


def report_status_label(report: Report) -> str:
    """The status in plain words; a closed report says how it ended."""
    if report.status == ReportStatus.CLOSED:
        return _closed_label(report.outcome)
    return str(ReportStatus(report.status).label)


def report_public_view(report: Report) -> PublicReportView:
    events = report.events.filter(is_public=True).select_related("organisation")
    closed = report.status == ReportStatus.CLOSED
    history = [_public_event(event) for event in events]
    transfers = [item.agency for item in history if item.agency]
    return PublicReportView(
        report=report,
        status_label=report_status_label(report),
        outcome=report.outcome if closed else "",
        outcome_label=outcome_label(report.outcome) if closed else "",
        agency=transfers[-1] if transfers else "",
        history=history,
        evidence=list(report.evidence.order_by("received_at", "id")),
    )
