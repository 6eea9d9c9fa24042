"""Need-to-know on requests abroad (the app's gate, like ``access.py`` for requisitions).

Only the readers of the case see them; the foreign side has no account here. Those in charge of
the case draft them and record each step; a supervisor of the unit in charge, never the
drafter, approves before one leaves.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import Role, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.requisitions.models_abroad import ForeignRequest, ForeignRequestStatus


def foreign_requests_visible_to(user: User) -> QuerySet[ForeignRequest]:
    if not can(user, Permission.VIEW_CASES):
        return ForeignRequest.objects.none()
    return ForeignRequest.objects.filter(case__in=case_access.cases_visible_to(user))


def foreign_request_get_for_user(*, user: User, foreign_request_id: str) -> ForeignRequest:
    try:
        return (
            foreign_requests_visible_to(user)
            .select_related("case__owning_unit", "addressee", "drafted_by")
            .get(public_id=foreign_request_id)
        )
    except (ForeignRequest.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def in_charge(user: User, case: Case) -> bool:
    return can(user, Permission.WORK_CASE) and case_access.case_standing(user, case).in_charge


def require_in_charge(user: User, case: Case) -> None:
    if not in_charge(user, case):
        raise NotAllowed(_("Only the unit in charge of the case may do this."))


def _supervises(user: User, case: Case) -> bool:
    if not user.has_role(Role.SUPERVISOR) or user.unit is None:
        return False
    path = case.owning_unit.path
    return path == user.unit.path or path.startswith(f"{user.unit.path}/")


def may_approve(user: User, foreign_request: ForeignRequest) -> bool:
    return (
        foreign_request.status == ForeignRequestStatus.AWAITING_APPROVAL
        and _supervises(user, foreign_request.case)
        and foreign_request.drafted_by_id != user.pk
    )


def require_approve(user: User, foreign_request: ForeignRequest) -> None:
    if not _supervises(user, foreign_request.case):
        raise NotAllowed(_("Only a supervisor of the unit in charge may approve this request."))
    if foreign_request.drafted_by_id == user.pk:
        raise NotAllowed(
            _("A request is approved by someone other than the person who drafted it.")
        )
