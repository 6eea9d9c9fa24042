"""The one gate of the reporter's side of a report, and the checks of what may be done to it.

A reporter reaches a report with its reference and secret tracking code; a browser that signed
in with them, or that filed the report, keeps the right in its session; a staff member reaches
the receipt of what they filed at a counter from the session that filed it. Anything else is
``ReportNotFound``, the same answer for a wrong code, a report of someone else and a reference
that does not exist. Views and the API fetch a report here once; services then check only
whether the action is allowed.
"""

from collections.abc import MutableMapping
from typing import Any

from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.intake import tracking
from vigilance.intake.models import Report

Session = MutableMapping[str, Any]

# What a browser session may open: reports it signed in for (ids), the receipts of what it
# filed (references), and for staff the receipts of what they filed at the counter.
FOLLOWED_KEY = "followed_reports"
RECEIPTS_KEY = "report_receipts"
COUNTER_RECEIPTS_KEY = "counter_receipts"
MAX_COUNTER_RECEIPTS_KEPT = 20
# Hash compared when no report has the reference, so the two refusals take the same time.
_NO_REPORT_HASH = "0" * 64


class ReportNotFound(NotFound):
    """No report for this caller: unknown reference, wrong code, or someone else's report."""


def report_get_for_tracking(*, reference: str, tracking_code: str) -> Report:
    """The report whose reference and tracking code were given; ReportNotFound otherwise."""
    normalised = tracking.normalise_reference(reference)
    report = (
        Report.objects.select_related("category").filter(reference=normalised).first()
        if normalised
        else None
    )
    stored_hash = report.tracking_code_hash if report else _NO_REPORT_HASH
    # Compared even when nothing was found, so timing does not tell the two cases apart.
    if not tracking.tracking_code_matches(tracking_code or "", stored_hash) or report is None:
        raise ReportNotFound(reference)
    return report


def _session_list(session: Session, key: str, kind: type) -> list[Any]:
    values = session.get(key, [])
    return [v for v in values if isinstance(v, kind)] if isinstance(values, list) else []


def follow_grant(session: Session, report: Report) -> None:
    """Let this browser open the report without typing the code again (after proving it)."""
    ids = _session_list(session, FOLLOWED_KEY, int)
    if report.pk not in ids:
        session[FOLLOWED_KEY] = [*ids, report.pk]


def follow_revoke(session: Session, report: Report) -> None:
    session[FOLLOWED_KEY] = [i for i in _session_list(session, FOLLOWED_KEY, int) if i != report.pk]


def report_get_followed(*, session: Session, reference: str) -> Report:
    """The report, if this browser signed in for it; ReportNotFound otherwise."""
    normalised = tracking.normalise_reference(reference)
    ids = _session_list(session, FOLLOWED_KEY, int)
    report = (
        Report.objects.select_related("category").filter(reference=normalised, pk__in=ids).first()
        if normalised and ids
        else None
    )
    if report is None:
        raise ReportNotFound(reference)
    return report


def receipt_grant(session: Session, reference: str) -> None:
    """The browser that filed a report may download its receipt without the tracking code."""
    session[RECEIPTS_KEY] = [*_session_list(session, RECEIPTS_KEY, str), reference]


def may_download_receipt(session: Session, reference: str) -> bool:
    return reference in _session_list(session, RECEIPTS_KEY, str)


def report_get_for_receipt(*, session: Session, reference: str) -> Report:
    """The report this browser filed, for its receipt; ReportNotFound otherwise."""
    if not may_download_receipt(session, reference):
        raise ReportNotFound(reference)
    report = Report.objects.filter(reference=reference).first()
    if report is None:
        raise ReportNotFound(reference)
    return report


def counter_receipt_grant(session: Session, reference: str) -> None:
    """The staff session that filed a report at a counter keeps its last receipts."""
    kept = _session_list(session, COUNTER_RECEIPTS_KEY, str)
    session[COUNTER_RECEIPTS_KEY] = [*kept, reference][-MAX_COUNTER_RECEIPTS_KEPT:]


def report_get_filed_by(*, user: User, session: Session, reference: str) -> Report:
    """A report this staff member filed, from the session that filed it; ReportNotFound otherwise."""
    if reference not in _session_list(session, COUNTER_RECEIPTS_KEY, str):
        raise ReportNotFound(reference)
    report = Report.objects.filter(reference=reference, filed_by=user).first()
    if report is None:
        raise ReportNotFound(reference)
    return report


def require_status(report: Report, allowed: tuple[str, ...]) -> None:
    """Staff actions on a report are open only in some statuses."""
    if report.status not in allowed:
        raise InvalidAction(
            _("This report is %(status)s: this action is no longer possible.")
            % {"status": report.get_status_display().lower()}
        )
