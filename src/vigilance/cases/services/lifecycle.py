"""Opening a case, attaching reports, moving its status, closing and reopening it.

The edge (page or API) fetches the case through the need-to-know gate; each function checks the
actor's right to its action on that case (``cases.access.require_case_action``: role and
standing), writes the case's timeline and the audit trail in the same
transaction, and keeps each report's status (what the victim reads) in step with its case.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.batch import audit_batch
from vigilance.audit.services import audit_record
from vigilance.cases import access
from vigilance.cases.models import (
    Case,
    CaseEvent,
    CasePriority,
    CaseReport,
    CaseStatus,
    Tlp,
)
from vigilance.cases.transitions import can_transition
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.core.numbering import next_reference
from vigilance.core.report_steps import ReportStep, report_step_taken
from vigilance.intake import staff as report_staff
from vigilance.intake.models import Outcome, Report, ReportStatus


def require(user: User, permission: str) -> None:
    if not can(user, permission):
        raise NotAllowed(_("Your role does not allow this action."))


def require_visible_report(user: User, report: Report) -> None:
    if not access.reports_visible_to(user).filter(pk=report.pk).exists():
        raise NotFound


def case_event_add(*, case: Case, kind: str, actor: User | None, summary: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, summary=summary[:300])


def _audit(actor: User, action: str, case: Case, **details: object) -> None:
    audit_record(
        actor=actor, action=action, object_type="case", object_id=case.number, details=details
    )


def _next_number(year: int) -> str:
    return next_reference("CAS", year)


def _default_priority(report: Report) -> int:
    if report.priority >= 75:
        return CasePriority.CRITICAL
    if report.priority >= 50:
        return CasePriority.HIGH
    return CasePriority.NORMAL


@transaction.atomic
@audit_batch()
def case_open(
    *,
    report: Report,
    actor: User,
    unit: Unit | None = None,
    title: str = "",
    tlp: str = Tlp.AMBER,
) -> Case:
    """Open a case from a report, owned by ``unit`` (by default the report's unit, else the
    actor's); the report moves into it and the victim reads "under investigation"."""
    require(actor, Permission.OPEN_CASE)
    require_visible_report(actor, report)
    if hasattr(report, "case_link"):
        raise InvalidAction(_("This report is already in a case."))
    if report.status not in (ReportStatus.RECEIVED, ReportStatus.TRIAGED):
        raise InvalidAction(_("Only a report waiting for triage or routed can open a case."))
    owning_unit = unit or report.unit or actor.unit
    if owning_unit is None:
        raise InvalidAction(
            _("Choose the unit that owns the case."), {"unit": [_("Choose a unit.")]}
        )
    if tlp not in Tlp.values:
        raise InvalidAction(_("Choose a TLP marking."), {"tlp": [_("Choose a TLP marking.")]})
    case = Case.objects.create(
        number=_next_number(timezone.now().year),
        title=(title.strip() or f"{report.category.name} — {report.reference}")[:200],
        owning_unit=owning_unit,
        lead=actor if actor.unit_id == owning_unit.pk else None,
        priority=_default_priority(report),
        tlp=tlp,
        opened_by=actor,
    )
    was_untriaged = report.status == ReportStatus.RECEIVED
    CaseReport.objects.create(case=case, report=report, added_by=actor)
    report_staff.report_enter_case(report=report, unit=owning_unit, actor=actor)
    case_event_add(case=case, kind=CaseEvent.Kind.OPENED, actor=actor, summary=report.reference)
    _audit(actor, "case.opened", case, report=report.reference, unit=owning_unit.code)
    _report_entered(report, case, actor, was_untriaged=was_untriaged)
    return case


def _report_entered(report: Report, case: Case, actor: User, *, was_untriaged: bool) -> None:
    """The report's freezes join the case; a report that skipped triage proposes its own."""
    report_step_taken(
        ReportStep.ENTERED_CASE, report_id=report.pk, actor_id=actor.pk, case_id=case.pk
    )
    if was_untriaged:
        report_step_taken(
            ReportStep.TRIAGED, report_id=report.pk, actor_id=actor.pk, case_id=case.pk
        )


@transaction.atomic
@audit_batch()
def case_attach_report(*, case: Case, report: Report, actor: User) -> Case:
    """Add a report to a case the actor works on; a report belongs to one case at most."""
    access.require_case_action(actor, case, access.CaseAction.ATTACH_REPORT)
    if case.status == CaseStatus.CLOSED:
        raise InvalidAction(_("Reopen the case before attaching a report."))
    if CaseReport.objects.filter(report=report).exists():
        raise InvalidAction(
            _("This report is already in a case."),
            {"report": [_("This report is already in a case.")]},
        )
    if report.status not in (ReportStatus.RECEIVED, ReportStatus.TRIAGED):
        raise InvalidAction(
            _("Only a report waiting for triage or routed can join a case."),
            {"report": [_("This report cannot join a case.")]},
        )
    was_untriaged = report.status == ReportStatus.RECEIVED
    CaseReport.objects.create(case=case, report=report, added_by=actor)
    report_staff.report_enter_case(report=report, unit=case.owning_unit, actor=actor)
    case_event_add(
        case=case, kind=CaseEvent.Kind.REPORT_ATTACHED, actor=actor, summary=report.reference
    )
    _audit(actor, "case.report_attached", case, report=report.reference)
    _report_entered(report, case, actor, was_untriaged=was_untriaged)
    return case


@transaction.atomic
@audit_batch()
def case_transition(*, case: Case, status: str, actor: User, outcome: str = "") -> Case:
    """Move a case to ``status`` if the workflow allows it; closing needs an outcome, which
    every report of the case then shows to its victim."""
    access.require_case_action(actor, case, access.CaseAction.CHANGE_STATUS)
    if status not in CaseStatus.values:
        raise InvalidAction(_("Unknown status."), {"status": [_("Choose a status.")]})
    if not can_transition(case.status, status):
        raise InvalidAction(
            _("A case that is %(current)s cannot become %(target)s.")
            % {
                "current": case.get_status_display().lower(),
                "target": CaseStatus(status).label.lower(),
            },
            {"status": [_("This change of status is not allowed.")]},
        )
    if status == CaseStatus.CLOSED:
        if outcome not in Outcome.values:
            raise InvalidAction(
                _("Choose the outcome of the case."), {"outcome": [_("Choose an outcome.")]}
            )
        case.outcome = outcome
        case.closed_at = timezone.now()
        for report in case.reports.all():
            report_staff.report_close(report=report, outcome=outcome, actor=actor)
    previous = case.status
    case.status = status
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.STATUS_CHANGED,
        actor=actor,
        summary=f"{previous} → {status}" + (f" ({outcome})" if outcome else ""),
    )
    _audit(actor, "case.status_changed", case, previous=previous, status=status, outcome=outcome)
    return case


@transaction.atomic
@audit_batch()
def case_reopen(*, case: Case, actor: User, reason: str) -> Case:
    """A supervisor reopens a closed case, with a reason; its reports are under way again."""
    access.require_case_action(actor, case, access.CaseAction.REOPEN)
    if case.status != CaseStatus.CLOSED:
        raise InvalidAction(_("Only a closed case can be reopened."))
    reason = reason.strip()
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    case.status = CaseStatus.INVESTIGATING
    case.outcome = ""
    case.closed_at = None
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    for report in case.reports.all():
        report_staff.report_reopen(report=report, actor=actor)
    case_event_add(case=case, kind=CaseEvent.Kind.REOPENED, actor=actor, summary=reason)
    _audit(actor, "case.reopened", case, reason=reason)
    return case
