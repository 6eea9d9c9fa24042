"""Need-to-know on requisitions, written once.

An investigator, analyst or supervisor sees the requisitions of the cases they see (the case
gate of ``cases.access``). A partner responder sees the requisitions sent to their own
organisation, and nothing of the case beyond what the requisition says. Everyone else sees
none: pages and API answer 404, as for a requisition that does not exist.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.api_keys import api_key_can
from vigilance.accounts.models import ApiKey, OrganisationKind, Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.requisitions.models import (
    FreezeRequest,
    FreezeStatus,
    MagistrateAuthorisation,
    Requisition,
    RequisitionStatus,
)


def is_responder(user: User) -> bool:
    """A partner responder with an organisation: the partner desk is theirs."""
    return (
        can(user, Permission.RESPOND_REQUISITIONS)
        and user.has_role(Role.PARTNER_RESPONDER)
        and user.organisation_id is not None
    )


def requisitions_visible_to(user: User) -> QuerySet[Requisition]:
    condition = Q(pk__in=[])
    if can(user, Permission.VIEW_CASES):
        condition |= Q(case__in=case_access.cases_visible_to(user))
    if is_responder(user):
        # A draft is the agency's own until a supervisor sends it.
        condition |= Q(addressee_id=user.organisation_id) & ~Q(status=RequisitionStatus.DRAFT)
    if is_magistrate(user):
        # What waits for an authorisation, and what they authorised themselves.
        condition |= Q(legal_basis__needs_magistrate=True) & (
            Q(status=RequisitionStatus.DRAFT) | Q(magistrate_authorisation__authorised_by=user)
        )
    return Requisition.objects.filter(condition)


def requisition_get_for_user(*, user: User, requisition_id: str) -> Requisition:
    """The requisition with this public id, if the user may see it; NotFound otherwise."""
    try:
        return (
            requisitions_visible_to(user)
            .select_related("case__owning_unit", "addressee", "legal_basis", "drafted_by")
            .get(public_id=requisition_id)
        )
    except (Requisition.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def sees_case_of(user: User, requisition: Requisition) -> bool:
    """Whether the user may be shown the case behind the requisition (never a partner)."""
    return case_access.can_view_case(user, requisition.case)


def may_draft(user: User, case: Case) -> bool:
    return can(user, Permission.WORK_CASE) and case_access.case_standing(user, case).in_charge


def require_draft(user: User, case: Case) -> None:
    """Those in charge of the case draft its requisitions; NotFound for those who stand nowhere."""
    if not can(user, Permission.WORK_CASE):
        raise NotAllowed(_("Your role does not allow this action."))
    standing = case_access.case_standing(user, case)
    if standing.is_nowhere:
        raise NotFound
    if not standing.in_charge:
        raise NotAllowed(_("Only the unit in charge of the case may draft a requisition."))


def _supervises(user: User, requisition: Requisition) -> bool:
    """A supervisor of the case's owning unit or of a unit above it."""
    if not user.has_role(Role.SUPERVISOR) or user.unit is None:
        return False
    path = requisition.case.owning_unit.path
    return path == user.unit.path or path.startswith(f"{user.unit.path}/")


def may_approve(user: User, requisition: Requisition) -> bool:
    return (
        requisition.status == RequisitionStatus.DRAFT
        and _supervises(user, requisition)
        and requisition.drafted_by_id != user.pk
        and not awaits_magistrate(requisition)
    )


def require_approve(user: User, requisition: Requisition) -> None:
    if not _supervises(user, requisition):
        raise NotAllowed(_("Only a supervisor of the unit in charge may approve a requisition."))
    if requisition.drafted_by_id == user.pk:
        raise NotAllowed(
            _("A requisition is approved by someone other than the person who drafted it.")
        )


def may_read_letter(user: User, requisition: Requisition) -> bool:
    """Its PDF, for someone who sees the requisition: a draft's preview only for its drafter and
    the supervisors who may approve it (what they sign)."""
    if requisition.status != RequisitionStatus.DRAFT:
        return True
    return requisition.drafted_by_id == user.pk or may_approve(user, requisition)


# The magistrate's authorisation, for a requisition citing a basis the law reserves to one.


def is_magistrate(user: User) -> bool:
    """A magistrate of the prosecutor's office: reads the requisitions needing an authorisation,
    never the cases behind them."""
    return (
        can(user, Permission.AUTHORISE_REQUISITIONS)
        and user.has_role(Role.MAGISTRATE)
        and user.organisation is not None
        and user.organisation.kind == OrganisationKind.JUDICIARY
    )


def is_authorised(requisition: Requisition) -> bool:
    return MagistrateAuthorisation.objects.filter(requisition_id=requisition.pk).exists()


def awaits_magistrate(requisition: Requisition) -> bool:
    """A draft that may not leave before a magistrate has authorised it."""
    return (
        requisition.status == RequisitionStatus.DRAFT
        and requisition.legal_basis.needs_magistrate
        and not is_authorised(requisition)
    )


def may_authorise(user: User, requisition: Requisition) -> bool:
    return (
        is_magistrate(user)
        and requisition.drafted_by_id != user.pk
        and awaits_magistrate(requisition)
    )


def may_record_authorisation(user: User, requisition: Requisition) -> bool:
    """A supervisor who may approve records a magistrate's paper authorisation."""
    return (
        _supervises(user, requisition)
        and requisition.drafted_by_id != user.pk
        and awaits_magistrate(requisition)
    )


def require_authorise(user: User, requisition: Requisition) -> None:
    if not is_magistrate(user):
        raise NotAllowed(_("Only a magistrate of the prosecutor's office authorises this."))
    if requisition.drafted_by_id == user.pk:
        raise NotAllowed(_("Nobody authorises a requisition they drafted."))


def require_record_authorisation(user: User, requisition: Requisition) -> None:
    if not _supervises(user, requisition):
        raise NotAllowed(
            _("Only a supervisor of the unit in charge records a magistrate's authorisation.")
        )
    if requisition.drafted_by_id == user.pk:
        raise NotAllowed(_("Nobody records the authorisation of a requisition they drafted."))


def may_respond(user: User, requisition: Requisition) -> bool:
    return is_responder(user) and requisition.addressee_id == user.organisation_id


def require_respond(user: User, requisition: Requisition) -> None:
    """Only the addressee's responders answer; anyone else is treated as if it did not exist."""
    if not may_respond(user, requisition):
        raise NotFound


# Wallet freezes: the same need-to-know. The case's readers see its freezes, and the readers of
# a report the freezes proposed from it; the issuer's responders see the freezes sent to their
# organisation (never one awaiting approval).


def freezes_visible_to(user: User) -> QuerySet[FreezeRequest]:
    condition = Q(pk__in=[])
    if can(user, Permission.VIEW_CASES):
        condition |= Q(case__in=case_access.cases_visible_to(user))
        condition |= Q(report__in=case_access.reports_visible_to(user))
    if is_responder(user):
        condition |= Q(issuer_id=user.organisation_id) & ~Q(status=FreezeStatus.AWAITING_APPROVAL)
    return FreezeRequest.objects.filter(condition)


def freeze_get_for_user(*, user: User, freeze_id: str) -> FreezeRequest:
    """The freeze with this public id, if the user may see it; NotFound otherwise."""
    try:
        return (
            freezes_visible_to(user)
            .select_related("case__owning_unit", "report__unit", "issuer", "parent", "drafted_by")
            .get(public_id=freeze_id)
        )
    except (FreezeRequest.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound from error


def sees_case_of_freeze(user: User, freeze: FreezeRequest) -> bool:
    """Whether the user may be shown the case behind the freeze (never a partner)."""
    return freeze.case is not None and case_access.can_view_case(user, freeze.case)


def sees_report_of_freeze(user: User, freeze: FreezeRequest) -> bool:
    """Whether the user may be shown the report the freeze was proposed from."""
    return (
        freeze.report_id is not None
        and case_access.reports_visible_to(user).filter(pk=freeze.report_id).exists()
    )


def may_answer_freeze(actor: User | ApiKey, freeze: FreezeRequest) -> bool:
    """The issuer's responders, or the issuer's system with a key allowed to respond."""
    if isinstance(actor, ApiKey):
        responds = api_key_can(actor, Permission.RESPOND_REQUISITIONS)
        return responds and freeze.issuer_id == actor.organisation_id
    return is_responder(actor) and freeze.issuer_id == actor.organisation_id


def _supervises_unit(user: User, unit: Unit | None) -> bool:
    if not user.has_role(Role.SUPERVISOR) or user.unit is None or unit is None:
        return False
    return unit.path == user.unit.path or unit.path.startswith(f"{user.unit.path}/")


def _supervises_freeze(user: User, freeze: FreezeRequest) -> bool:
    """The case's supervisors; for a freeze proposed from a report not yet in a case, the
    supervisors of the coordination centre (who may approve before triage) and of the unit the
    report was routed to."""
    if freeze.case is not None:
        return _supervises_unit(user, freeze.case.owning_unit)
    if freeze.report is None or not user.has_role(Role.SUPERVISOR):
        return False
    in_centre = user.organisation is not None and user.organisation.is_coordination_centre
    return in_centre or _supervises_unit(user, freeze.report.unit)


def may_approve_freeze(user: User, freeze: FreezeRequest) -> bool:
    return (
        freeze.status == FreezeStatus.AWAITING_APPROVAL
        and _supervises_freeze(user, freeze)
        and freeze.drafted_by_id != user.pk
    )


def may_settle_freeze(user: User, freeze: FreezeRequest) -> bool:
    """Release or return is recorded by those in charge of the case."""
    return (
        freeze.status == FreezeStatus.HELD
        and freeze.case is not None
        and can(user, Permission.WORK_CASE)
        and case_access.case_standing(user, freeze.case).in_charge
    )


# Statistics of requisitions and freezes: for supervisors, over the cases they see; the
# coordination centre's and the ministry's supervisors see the whole country.


def may_see_statistics(user: User) -> bool:
    return user.has_role(Role.SUPERVISOR) and can(user, Permission.VIEW_CASES)


def sees_national_statistics(user: User) -> bool:
    return (
        may_see_statistics(user)
        and user.organisation is not None
        and user.organisation.kind
        in (OrganisationKind.COORDINATION_CENTRE, OrganisationKind.MINISTRY)
    )
