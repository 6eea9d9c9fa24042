"""Writes staff make on a report: route, requalify, mark duplicate or abusive, follow its case.

Each records the change in the report's history (the public part is what the victim reads on
the follow page) and in the audit trail, with the staff member who acted.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import Unit, User
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.core.models import OffenceCategory
from vigilance.intake import arrival
from vigilance.intake.access import require_status
from vigilance.intake.models import Outcome, Report, ReportEvent, ReportStatus

OPEN_FOR_TRIAGE = (ReportStatus.RECEIVED, ReportStatus.TRIAGED)


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    return reason


def _audit(actor: User, action: str, report: Report, **details: object) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="report",
        object_id=report.reference,
        details=details,
    )


@transaction.atomic
def report_route(*, report: Report, unit: Unit, actor: User) -> Report:
    """Send the report to a unit; the victim reads "transferred to <agency>"."""
    require_status(report, OPEN_FOR_TRIAGE)
    report.unit = unit
    report.status = ReportStatus.TRIAGED
    report.triaged_at = timezone.now()
    report.save(update_fields=["unit", "status", "triaged_at"])
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.TRANSFERRED, organisation=unit.organisation
    )
    _audit(actor, "report.routed", report, unit=unit.code)
    return report


@transaction.atomic
def report_requalify(
    *, report: Report, category: OffenceCategory, actor: User, reason: str = ""
) -> Report:
    """Change the category; the routing rules and the priority are applied again."""
    require_status(report, OPEN_FOR_TRIAGE)
    previous = report.category_id
    report.category = category
    report.save(update_fields=["category"])
    if report.status == ReportStatus.RECEIVED:
        arrival.report_route_and_prioritise(report)
    _audit(
        actor,
        "report.requalified",
        report,
        previous=previous,
        category=category.code,
        reason=reason,
    )
    return report


@transaction.atomic
def report_mark_duplicate(*, report: Report, original: Report, actor: User, reason: str) -> Report:
    require_status(report, OPEN_FOR_TRIAGE)
    if original.pk == report.pk or original.duplicate_of_id == report.pk:
        raise InvalidAction(
            _("A report cannot duplicate itself."), {"original": [_("Choose another report.")]}
        )
    report.status = ReportStatus.DUPLICATE
    report.duplicate_of = original
    report.status_reason = _require_reason(reason)
    report.save(update_fields=["status", "duplicate_of", "status_reason"])
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.STATUS_CHANGED, status=report.status
    )
    _audit(actor, "report.marked_duplicate", report, original=original.reference)
    return report


@transaction.atomic
def report_reject(*, report: Report, actor: User, reason: str) -> Report:
    """Mark a report abusive (insults, tests, spam): it leaves the queue, the reason stays."""
    require_status(report, OPEN_FOR_TRIAGE)
    report.status = ReportStatus.REJECTED
    report.status_reason = _require_reason(reason)
    report.save(update_fields=["status", "status_reason"])
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.STATUS_CHANGED, status=report.status
    )
    _audit(actor, "report.rejected", report)
    return report


@transaction.atomic
def report_enter_case(*, report: Report, unit: Unit, actor: User) -> Report:
    """The report joins a case owned by ``unit``; the victim reads "under investigation"."""
    require_status(report, (*OPEN_FOR_TRIAGE, ReportStatus.IN_CASE))
    moved = report.unit_id != unit.pk
    report.unit = unit
    report.status = ReportStatus.IN_CASE
    report.triaged_at = report.triaged_at or timezone.now()
    report.save(update_fields=["unit", "status", "triaged_at"])
    if moved:
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.TRANSFERRED, organisation=unit.organisation
        )
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.STATUS_CHANGED, status=report.status
    )
    return report


@transaction.atomic
def report_close(*, report: Report, outcome: str, actor: User) -> Report:
    """Close with the case: the victim reads "closed: <outcome in plain words>"."""
    if outcome not in Outcome.values:
        raise InvalidAction(_("Choose an outcome."), {"outcome": [_("Choose an outcome.")]})
    report.status = ReportStatus.CLOSED
    report.outcome = outcome
    report.save(update_fields=["status", "outcome"])
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CLOSED, outcome=outcome)
    return report


@transaction.atomic
def report_reopen(*, report: Report, actor: User) -> Report:
    report.status = ReportStatus.IN_CASE
    report.outcome = ""
    report.save(update_fields=["status", "outcome"])
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.STATUS_CHANGED, status=report.status
    )
    return report


@transaction.atomic
def report_message_victim(*, report: Report, actor: User, text: str) -> ReportEvent:
    """A message the victim reads on the follow page (and is told about by e-mail or SMS).

    It records the writer's organisation, which the victim reads as its author: never the
    writer's name or account.
    """
    text = text.strip()
    if not text:
        raise InvalidAction(_("Write the message."), {"message": [_("Write the message.")]})
    event = ReportEvent.objects.create(
        report=report,
        kind=ReportEvent.Kind.MESSAGE,
        note=text[:2000],
        organisation=actor.organisation,
    )
    _audit(actor, "report.message_sent", report)
    return event


def report_view_record(*, report: Report, actor: User) -> None:
    """A staff member read the report (personal data): the audit trail keeps it."""
    _audit(actor, "report.viewed", report)
