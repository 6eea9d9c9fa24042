"""Reads of the accounts app for the administration pages: organisations, units and people."""

from django.db.models import Prefetch, QuerySet

from vigilance.accounts.models import (
    Organisation,
    RoleGrant,
    RoleGrantStatus,
    Unit,
    UnitMove,
    User,
)
from vigilance.core.errors import NotFound


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation with its units (in tree order) and the regions each unit covers."""
    units = Unit.objects.order_by("path").prefetch_related("regions")
    return Organisation.objects.prefetch_related(Prefetch("units", queryset=units))


def unit_get(*, code: str) -> Unit:
    unit = Unit.objects.select_related("organisation", "parent").filter(code=code).first()
    if unit is None:
        raise NotFound
    return unit


def member_list(*, organisation_code: str = "") -> QuerySet[User]:
    people = User.objects.select_related("organisation", "unit").order_by(
        "organisation__name_fr", "username"
    )
    if organisation_code:
        people = people.filter(organisation__code=organisation_code)
    return people


def member_get(*, user_id: int) -> User:
    user = User.objects.select_related("organisation", "unit").filter(pk=user_id).first()
    if user is None:
        raise NotFound
    return user


def role_grant_pending_list() -> QuerySet[RoleGrant]:
    """Changes of access waiting for a second administrator, oldest first."""
    return (
        RoleGrant.objects.filter(status=RoleGrantStatus.PENDING)
        .select_related("user", "user__organisation", "unit", "unit_before", "requested_by")
        .order_by("requested_at", "id")
    )


def role_grant_recent_list(*, limit: int = 20) -> QuerySet[RoleGrant]:
    """The latest decisions, for the administrators' memory."""
    return (
        RoleGrant.objects.exclude(status=RoleGrantStatus.PENDING)
        .select_related("user", "unit", "requested_by", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )


def role_grant_get_pending(*, grant_id: int) -> RoleGrant:
    grant = role_grant_pending_list().filter(pk=grant_id).first()
    if grant is None:
        raise NotFound
    return grant


def role_grant_pending_count() -> int:
    return RoleGrant.objects.filter(status=RoleGrantStatus.PENDING).count()


def unit_move_pending_list() -> QuerySet[UnitMove]:
    """Moves of units waiting for a second administrator, oldest first."""
    return (
        UnitMove.objects.filter(status=RoleGrantStatus.PENDING)
        .select_related("unit", "unit__organisation", "parent", "parent_before", "requested_by")
        .order_by("requested_at", "id")
    )


def unit_move_recent_list(*, limit: int = 20) -> QuerySet[UnitMove]:
    return (
        UnitMove.objects.exclude(status=RoleGrantStatus.PENDING)
        .select_related("unit", "parent", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )


def unit_move_get_pending(*, move_id: int) -> UnitMove:
    move = unit_move_pending_list().filter(pk=move_id).first()
    if move is None:
        raise NotFound
    return move


def waiting_for_approval_count() -> int:
    """Changes of access and moves of units waiting for a second administrator."""
    return (
        role_grant_pending_count() + UnitMove.objects.filter(status=RoleGrantStatus.PENDING).count()
    )
