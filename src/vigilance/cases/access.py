"""Need-to-know, written once: who may see which case, report and evidence file.

A case (with its reports and evidence) is visible to its owning unit, to supervisors of the
units above it, to the units, organisations and people it is shared with until the share
expires, and to the coordination centre. A report not yet in a case is visible to the
coordination centre, and once triaged to the unit it was routed to and the units informed.
Evidence of child sexual abuse is opened only by members of the report's own unit.
Everyone else, and anyone whose roles do not include seeing cases, gets nothing: pages and API
turn that into a 404, the same as for an object that does not exist.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases.models import Case, CaseReport, CaseShare
from vigilance.core.errors import NotFound
from vigilance.evidence.models import Evidence
from vigilance.intake.models import Report, ReportStatus


def sees_everything(user: User) -> bool:
    """Coordination centre staff who work on cases see every case and report."""
    return (
        can(user, Permission.VIEW_CASES)
        and user.organisation is not None
        and user.organisation.is_coordination_centre
    )


def _units_in_charge(user: User) -> Q:
    """The user's unit, and for a supervisor every unit below it, as a condition on ``unit``."""
    if user.unit is None:
        return Q(pk__in=[])
    condition = Q(id=user.unit_id)
    if user.has_role(Role.SUPERVISOR):
        condition |= Q(path__startswith=f"{user.unit.path}/")
    return condition


def _active_share_for(user: User) -> QuerySet[CaseShare]:
    recipient = Q(user_id=user.pk)
    if user.unit_id is not None:
        recipient |= Q(unit_id=user.unit_id)
    if user.organisation_id is not None:
        recipient |= Q(organisation_id=user.organisation_id)
    return CaseShare.objects.filter(
        recipient, case_id=OuterRef("pk"), revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not can(user, Permission.VIEW_CASES):
        return Case.objects.none()
    if sees_everything(user):
        return Case.objects.all()
    in_charge = Q(owning_unit__in=_unit_ids(user))
    return Case.objects.filter(in_charge | Exists(_active_share_for(user)))


def _unit_ids(user: User) -> QuerySet[Unit, Any]:
    return Unit.objects.filter(_units_in_charge(user)).values("id")


def reports_visible_to(user: User) -> QuerySet[Report]:
    if not can(user, Permission.VIEW_CASES):
        return Report.objects.none()
    if sees_everything(user):
        return Report.objects.all()
    units = _unit_ids(user)
    routed = Q(unit__in=units) & ~Q(status=ReportStatus.RECEIVED)
    informed = Exists(
        Report.informed_units.through.objects.filter(report_id=OuterRef("pk"), unit_id__in=units)
    )
    in_visible_case = Exists(
        CaseReport.objects.filter(report_id=OuterRef("pk"), case__in=cases_visible_to(user))
    )
    return Report.objects.filter(routed | informed | in_visible_case)


def case_get_for_user(*, user: User, case_id: str) -> Case:
    """The case with this public id, if the user may see it; NotFound otherwise (both cases)."""
    try:
        return (
            cases_visible_to(user)
            .select_related("owning_unit__organisation", "lead")
            .get(public_id=case_id)
        )
    except (Case.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def report_get_for_user(*, user: User, report_id: str) -> Report:
    """The report with this public id, if the user may see it; NotFound otherwise."""
    try:
        return (
            reports_visible_to(user)
            .select_related(
                "category", "region", "department", "unit__organisation", "routing_rule"
            )
            .get(public_id=report_id)
        )
    except (Report.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


# Child sexual abuse material is opened only by the specialised unit the report was routed to.
CSAM_CATEGORY = "child_sexual_abuse"


def report_evidence_get_for_user(*, user: User, report: Report, evidence_id: str) -> Evidence:
    """A file of a report the user sees. Evidence of child sexual abuse is only for the members
    of the report's own (specialised) unit: everyone else gets NotFound, as for a missing file."""
    if report.category_id == CSAM_CATEGORY and (
        report.unit_id is None or user.unit_id != report.unit_id
    ):
        raise NotFound
    evidence = (
        report.evidence.filter(deleted_at__isnull=True, is_attached=True)
        .filter(public_id=evidence_id)
        .first()
    )
    if evidence is None:
        raise NotFound
    return evidence


def report_evidence_downloadable(*, user: User, report: Report) -> bool:
    return report.category_id != CSAM_CATEGORY or (
        report.unit_id is not None and user.unit_id == report.unit_id
    )


def can_view_case(user: User, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()
