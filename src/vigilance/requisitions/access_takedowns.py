"""Need-to-know on takedown requests (the app's gate, like ``access.py`` for requisitions).

The readers of the case (or, for one drafted from a cluster, of the report it started from)
see it; the specialised unit sees every child-abuse request, which it approves; the
addressee's responders see it once sent. A child-abuse link is read in full only by that unit
and by the responders who must act on it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.intake.models import Report
from vigilance.requisitions.access import is_responder
from vigilance.requisitions.models_takedown import TakedownRequest, TakedownStatus


def child_abuse_unit() -> Unit | None:
    return Unit.objects.filter(code=settings.TAKEDOWN_CHILD_ABUSE_UNIT).first()


def _in_unit(user: User, unit: Unit | None) -> bool:
    if unit is None or user.unit is None:
        return False
    return user.unit.path == unit.path or user.unit.path.startswith(f"{unit.path}/")


def is_child_abuse_unit_member(user: User) -> bool:
    return can(user, Permission.VIEW_CASES) and _in_unit(user, child_abuse_unit())


def takedowns_visible_to(user: User) -> QuerySet[TakedownRequest]:
    condition = Q(pk__in=[])
    if can(user, Permission.VIEW_CASES):
        condition |= Q(case__in=case_access.cases_visible_to(user))
        condition |= Q(case__isnull=True, cited_reports__in=case_access.reports_visible_to(user))
        if is_child_abuse_unit_member(user):
            condition |= Q(is_child_abuse=True)
    if is_responder(user):
        condition |= Q(addressee_id=user.organisation_id) & ~Q(
            status=TakedownStatus.AWAITING_APPROVAL
        )
    return TakedownRequest.objects.filter(condition).distinct()


def takedown_get_for_user(*, user: User, takedown_id: str) -> TakedownRequest:
    try:
        return (
            takedowns_visible_to(user)
            .select_related("case", "unit", "addressee", "drafted_by")
            .get(public_id=takedown_id)
        )
    except (TakedownRequest.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def reads_target_in_full(user: User, takedown: TakedownRequest) -> bool:
    """Everyone reads the target, except a child-abuse link: that unit and the addressee's."""
    if not takedown.is_child_abuse:
        return True
    return is_child_abuse_unit_member(user) or may_respond(user, takedown)


def may_draft_for_case(user: User, case: Case) -> bool:
    return can(user, Permission.WORK_CASE) and case_access.case_standing(user, case).in_charge


def may_draft_for_report(user: User, report: Report) -> bool:
    """From a cluster: those who work the report (and, once in a case, those in charge)."""
    return (
        can(user, Permission.WORK_CASE)
        and user.unit is not None
        and case_access.may_work_report(user, report)
    )


def require_draft(user: User, *, case: Case | None, report: Report | None) -> None:
    if not can(user, Permission.WORK_CASE):
        raise NotAllowed(_("Your role does not allow this action."))
    if case is not None and not may_draft_for_case(user, case):
        raise NotAllowed(_("Only the unit in charge of the case may draft a takedown request."))
    if report is not None and not may_draft_for_report(user, report):
        raise NotAllowed(_("Only the unit in charge of the case may draft a takedown request."))


def _approving_unit(takedown: TakedownRequest) -> Unit | None:
    return child_abuse_unit() if takedown.is_child_abuse else takedown.unit


def _may_approve_as(user: User, takedown: TakedownRequest) -> bool:
    if not user.has_role(Role.SUPERVISOR) or user.unit is None:
        return False
    unit = _approving_unit(takedown)
    if unit is None:
        return False
    if takedown.is_child_abuse:
        # The specialised unit itself, never a unit above it that does not read the link.
        return _in_unit(user, unit)
    return unit.path == user.unit.path or unit.path.startswith(f"{user.unit.path}/")


def may_approve(user: User, takedown: TakedownRequest) -> bool:
    return (
        takedown.status == TakedownStatus.AWAITING_APPROVAL
        and _may_approve_as(user, takedown)
        and takedown.drafted_by_id != user.pk
    )


def require_approve(user: User, takedown: TakedownRequest) -> None:
    if not _may_approve_as(user, takedown):
        if takedown.is_child_abuse:
            raise NotAllowed(_("Only a supervisor of the child protection unit may approve this."))
        raise NotAllowed(_("Only a supervisor of the unit in charge may approve this request."))
    if takedown.drafted_by_id == user.pk:
        raise NotAllowed(
            _("A request is approved by someone other than the person who drafted it.")
        )


def may_respond(user: User, takedown: TakedownRequest) -> bool:
    return (
        is_responder(user)
        and takedown.addressee_id == user.organisation_id
        and takedown.status != TakedownStatus.AWAITING_APPROVAL
    )
