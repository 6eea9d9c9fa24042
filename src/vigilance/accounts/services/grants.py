"""Four eyes on what opens case content: a change of roles or unit that gives a person a
case-reading role (or the administrator role), or moves a person who reads cases to another
unit, waits for a second administrator's approval.

Removing roles is never delayed. Nobody asks for or decides a change of their own account, and
the administrator who asked never decides it (the database refuses it too).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.access import require_can_act_on, require_manager
from vigilance.accounts.models import RoleGrant, RoleGrantStatus, SecondApproval, Unit, User
from vigilance.accounts.permissions import CASE_READING_ROLES, ROLES_NEEDING_APPROVAL
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound


def needs_approval(
    *, roles_before: Iterable[str], unit_before: Unit | None, roles: Iterable[str], unit: Unit
) -> bool:
    """Does this change open case content (or administration) the person did not have?"""
    before, after = set(roles_before), set(roles)
    moves = unit_before is None or unit_before.pk != unit.pk
    return bool((after - before) & ROLES_NEEDING_APPROVAL) or bool(
        moves and after & CASE_READING_ROLES
    )


def assignment_apply(*, actor: User, user: User, unit: Unit, roles: list[str]) -> None:
    """Write a person's unit and roles, and audit each change (the rules are checked before)."""
    before_roles = sorted(user.roles or [])
    if user.unit_id != unit.pk:
        before_unit = user.unit.code if user.unit else ""
        user.organisation, user.unit = unit.organisation, unit
        user.save(update_fields=["organisation", "unit"])
        audit_record(
            actor=actor,
            action="account.unit_changed",
            object_type="user",
            object_id=user.pk,
            details={"username": user.username, "before": before_unit, "after": unit.code},
        )
    if before_roles != roles:
        user.roles = roles
        user.save(update_fields=["roles"])
        audit_record(
            actor=actor,
            action="account.roles_changed",
            object_type="user",
            object_id=user.pk,
            details={"username": user.username, "before": before_roles, "after": roles},
        )


def role_grant_request(*, actor: User, user: User, unit: Unit, roles: list[str]) -> RoleGrant:
    """Record the change as waiting for a second administrator (rules checked by the caller)."""
    if user.pk == actor.pk:
        raise InvalidAction(
            _("You cannot change your own account here: ask another administrator.")
        )
    if RoleGrant.objects.filter(user=user, status=RoleGrantStatus.PENDING).exists():
        raise InvalidAction(
            _(
                "A change of this person's access is already waiting for approval: it must be "
                "approved or refused first."
            )
        )
    grant = RoleGrant.objects.create(
        user=user,
        roles=roles,
        unit=unit,
        roles_before=sorted(user.roles or []),
        unit_before=user.unit,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="account.access_requested",
        object_type="user",
        object_id=user.pk,
        details={
            "username": user.username,
            "grant": grant.pk,
            "roles": {"before": grant.roles_before, "after": roles},
            "unit": {"before": user.unit.code if user.unit else "", "after": unit.code},
        },
    )
    return grant


def _pending_for_decision(actor: User, grant_id: int) -> RoleGrant:
    require_manager(actor)
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "unit", "requested_by")
        .filter(pk=grant_id, status=RoleGrantStatus.PENDING)
        .first()
    )
    if grant is None:
        raise NotFound
    if grant.user_id == actor.pk:
        raise InvalidAction(_("Nobody decides a change of their own access."))
    if grant.requested_by_id == actor.pk:
        raise InvalidAction(
            _("You asked for this change: another administrator must approve or refuse it.")
        )
    return grant


def approval_decide(request: SecondApproval, actor: User, status: str, reason: str = "") -> None:
    """Record the second administrator's decision on a request (a grant, a unit's move)."""
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def refusal_reason(reason: str) -> str:
    """The reason of a refusal, required and cut to what is kept."""
    reason = reason.strip()
    if not reason:
        message = _("Say why the request is refused.")
        raise InvalidAction(message, {"reason": [message]})
    return reason[:500]


@transaction.atomic
def role_grant_approve(*, actor: User, grant_id: int) -> RoleGrant:
    """A second administrator approves: the roles and unit asked for are applied, provided the
    account is still the one the request was made on."""
    grant = _pending_for_decision(actor, grant_id)
    user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=grant.user_id)
    require_can_act_on(actor, user)
    if not user.is_active:
        raise InvalidAction(_("This account is deactivated: refuse the request."))
    if sorted(user.roles or []) != grant.roles_before or user.unit_id != grant.unit_before_id:
        raise InvalidAction(
            _(
                "This account has changed since the request was made: refuse it, and ask again "
                "if the change is still needed."
            )
        )
    approval_decide(grant, actor, RoleGrantStatus.APPROVED)
    audit_record(
        actor=actor,
        action="account.access_approved",
        object_type="user",
        object_id=user.pk,
        details={
            "username": user.username,
            "grant": grant.pk,
            "requested_by": grant.requested_by.username,
        },
    )
    assignment_apply(actor=actor, user=user, unit=grant.unit, roles=list(grant.roles))
    return grant


@transaction.atomic
def role_grant_refuse(*, actor: User, grant_id: int, reason: str) -> RoleGrant:
    """A second administrator refuses, with a reason; the account does not change."""
    reason = refusal_reason(reason)
    grant = _pending_for_decision(actor, grant_id)
    approval_decide(grant, actor, RoleGrantStatus.REFUSED, reason)
    audit_record(
        actor=actor,
        action="account.access_refused",
        object_type="user",
        object_id=grant.user_id,
        details={"username": grant.user.username, "grant": grant.pk, "reason": reason},
    )
    return grant
