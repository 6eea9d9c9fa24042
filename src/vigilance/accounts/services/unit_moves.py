"""Four eyes on moving a unit: the supervisors of the units above a unit read its cases, so a
move that puts new units above it waits for a second administrator, as a role grant does.

Moving a unit up (under one of the units already above it) or to the top only takes readers
away, and applies at once. The administrator who asked never decides (the database refuses it).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.accounts.access import require_manager
from vigilance.accounts.models import RoleGrantStatus, Unit, UnitMove, User
from vigilance.accounts.services.grants import approval_decide, refusal_reason
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction, NotFound


def move_needs_approval(unit: Unit, parent: Unit | None) -> bool:
    """Does putting ``unit`` under ``parent`` give it units above it that it did not have?"""
    if parent is None or parent.pk == unit.parent_id:
        return False
    return not unit.path.startswith(parent.path + "/")


def unit_parent_set(unit: Unit, parent: Unit | None) -> str:
    """Put ``unit`` under ``parent`` and rewrite the path of every unit inside it, in the
    caller's transaction (rules checked before); the path it had."""
    old_path = unit.path
    unit.parent = parent
    unit.save(update_fields=["parent", "path"])
    if unit.path != old_path:
        inside = Unit.objects.filter(path__startswith=old_path + "/")
        for child in sorted(inside, key=lambda child: child.path.count("/")):
            child.save(update_fields=["path"])
    return old_path


def unit_move_request(*, actor: User, unit: Unit, parent: Unit) -> UnitMove:
    """Record the move as waiting for a second administrator (rules checked by the caller)."""
    if UnitMove.objects.filter(unit=unit, status=RoleGrantStatus.PENDING).exists():
        message = _("A move of this unit is already waiting for approval.")
        raise InvalidAction(message, {"parent": [message]})
    move = UnitMove.objects.create(
        unit=unit, parent=parent, parent_before=unit.parent, requested_by=actor
    )
    audit_record(
        actor=actor,
        action="unit.move_requested",
        object_type="unit",
        object_id=unit.code,
        details={"move": move.pk, "before": unit.path, "under": parent.path},
    )
    return move


def _pending_for_decision(actor: User, move_id: int) -> UnitMove:
    require_manager(actor)
    move = (
        UnitMove.objects.select_for_update(of=("self",))
        .select_related("unit", "parent", "requested_by")
        .filter(pk=move_id, status=RoleGrantStatus.PENDING)
        .first()
    )
    if move is None:
        raise NotFound
    if move.requested_by_id == actor.pk:
        raise InvalidAction(
            _("You asked for this change: another administrator must approve or refuse it.")
        )
    return move


@transaction.atomic
def unit_move_approve(*, actor: User, move_id: int) -> UnitMove:
    """A second administrator approves: the unit moves, provided it is still where it was when
    the move was asked and the new place is still allowed."""
    move = _pending_for_decision(actor, move_id)
    unit = Unit.objects.select_for_update().get(pk=move.unit_id)
    parent = Unit.objects.get(pk=move.parent_id)
    if unit.parent_id != move.parent_before_id or not (unit.is_active and parent.is_active):
        raise InvalidAction(
            _(
                "This unit has changed since the move was asked: refuse it, and ask again if "
                "the move is still needed."
            )
        )
    if parent.organisation_id != unit.organisation_id or parent.path.startswith(unit.path + "/"):
        raise InvalidAction(_("This move is no longer possible: refuse it."))
    approval_decide(move, actor, RoleGrantStatus.APPROVED)
    old_path = unit_parent_set(unit, parent)
    audit_record(
        actor=actor,
        action="unit.move_approved",
        object_type="unit",
        object_id=unit.code,
        details={
            "move": move.pk,
            "requested_by": move.requested_by.username,
            "path": {"before": old_path, "after": unit.path},
        },
    )
    return move


@transaction.atomic
def unit_move_refuse(*, actor: User, move_id: int, reason: str) -> UnitMove:
    """A second administrator refuses, with a reason; the unit stays where it is."""
    reason = refusal_reason(reason)
    move = _pending_for_decision(actor, move_id)
    approval_decide(move, actor, RoleGrantStatus.REFUSED, reason)
    audit_record(
        actor=actor,
        action="unit.move_refused",
        object_type="unit",
        object_id=move.unit.code,
        details={"move": move.pk, "reason": reason},
    )
    return move
