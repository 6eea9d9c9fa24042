"""Triage by the coordination centre: route, requalify, mark duplicate or abusive, open a case.

Each action checks the actor's role (``accounts.permissions``) and the report's need-to-know
(``cases.access``), then calls the report's own writes in ``intake.staff``, which keep its
history and the audit trail. Routing tells the receiving unit's case workers.
"""

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.batch import audit_batch
from vigilance.cases import access
from vigilance.cases.models import Case, Tlp
from vigilance.cases.services import lifecycle
from vigilance.cases.services.lifecycle import require, require_visible_report
from vigilance.cases.services.notifications import notification_send
from vigilance.core.errors import InvalidAction
from vigilance.core.models import OffenceCategory
from vigilance.core.report_steps import ReportStep, report_step_taken
from vigilance.intake import staff as report_staff
from vigilance.intake.models import Report


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidAction(_("Give a reason."), {"reason": [_("Give a reason.")]})
    return reason


def _require_triage(actor: User, report: Report) -> None:
    require(actor, Permission.TRIAGE)
    require_visible_report(actor, report)
    access.require_report_work(actor, report)


def _in_language(message: Promise, params: dict[str, Any]) -> str:
    """A lazy message with its placeholders filled in whichever language is active when read."""
    return lazy(lambda: str(message) % params, str)()


def _notify_unit(report: Report, unit: Unit, actor: User) -> None:
    """The members of the receiving unit who work on cases are told, each in their language."""
    members = [
        member
        for member in User.objects.filter(unit=unit, is_active=True).select_related(
            "organisation", "unit"
        )
        if can(member, Permission.VIEW_CASES)
    ]
    if not members:
        return
    message = gettext_lazy("Report %(reference)s was routed to your unit.")
    notification_send(
        users=members,
        message=_in_language(message, {"reference": report.reference}),
        url=reverse("cases:report_detail", kwargs={"report_id": report.public_id}),
        exclude=actor,
    )


@transaction.atomic
@audit_batch()
def triage_route(*, report: Report, unit: Unit, actor: User) -> Report:
    """Send the report to ``unit`` (an active one); the victim reads "transferred"."""
    _require_triage(actor, report)
    if not unit.is_active:
        raise InvalidAction(
            _("This unit is no longer active."), {"unit": [_("Choose an active unit.")]}
        )
    if hasattr(report, "case_link"):
        raise InvalidAction(_("This report is already in a case."))
    report_staff.report_route(report=report, unit=unit, actor=actor)
    _notify_unit(report, unit, actor)
    # A fraud with a recent loss proposes a wallet freeze, in a job after the commit.
    report_step_taken(ReportStep.TRIAGED, report_id=report.pk, actor_id=actor.pk)
    return report


@transaction.atomic
@audit_batch()
def triage_requalify(
    *, report: Report, category: OffenceCategory, actor: User, reason: str
) -> Report:
    """Change the report's category, with a reason; the rules and priority apply again."""
    _require_triage(actor, report)
    reason = _require_reason(reason)
    if not category.is_active:
        raise InvalidAction(
            _("This category is no longer used."), {"category": [_("Choose a category.")]}
        )
    if category.pk == report.category_id:
        raise InvalidAction(
            _("The report is already in this category."),
            {"category": [_("Choose another category.")]},
        )
    return report_staff.report_requalify(
        report=report, category=category, actor=actor, reason=reason
    )


@transaction.atomic
@audit_batch()
def triage_mark_duplicate(*, report: Report, original: str, actor: User, reason: str) -> Report:
    """Merge the report into an earlier one the actor can see, named by its reference."""
    _require_triage(actor, report)
    reason = _require_reason(reason)
    reference = (original or "").strip().upper()
    found = access.reports_visible_to(actor).filter(reference=reference).first()
    if not reference or found is None:
        raise InvalidAction(
            _("No report you can see has this reference."),
            {"original": [_("No report you can see has this reference.")]},
        )
    return report_staff.report_mark_duplicate(
        report=report, original=found, actor=actor, reason=reason
    )


@transaction.atomic
@audit_batch()
def triage_reject(*, report: Report, actor: User, reason: str) -> Report:
    """Mark the report abusive (insults, tests, spam), with a reason kept for staff."""
    _require_triage(actor, report)
    return report_staff.report_reject(report=report, actor=actor, reason=_require_reason(reason))


def triage_open_case(*, report: Report, actor: User, title: str = "", tlp: str = Tlp.AMBER) -> Case:
    """Open a case from the report (owned by the report's unit); see ``lifecycle.case_open``."""
    return lifecycle.case_open(report=report, actor=actor, title=title, tlp=tlp or Tlp.AMBER)


@transaction.atomic
@audit_batch()
def triage_attach_to_case(*, report: Report, number: str, actor: User) -> Case:
    """Add the report to an existing case the actor can see, named by its number."""
    require(actor, Permission.OPEN_CASE)
    require_visible_report(actor, report)
    number = (number or "").strip().upper()
    case = access.cases_visible_to(actor).filter(number=number).first() if number else None
    if case is None:
        raise InvalidAction(
            _("No case you can see has this number."),
            {"number": [_("No case you can see has this number.")]},
        )
    return lifecycle.case_attach_report(case=case, report=report, actor=actor)
