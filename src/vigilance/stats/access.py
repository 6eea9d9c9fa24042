"""Who sees which statistics: the one gate of the dashboards, for pages, API and exports.

A supervisor sees their unit and every unit below it; a supervisor of the coordination centre
or of the ministry, and the ministry's statisticians, also see the whole country and any unit.
Nobody else sees the dashboards (editors, partners, auditors, administrators, investigators).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vigilance.accounts.models import OrganisationKind, Role, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import NotFound

NATIONAL_KINDS = (OrganisationKind.COORDINATION_CENTRE, OrganisationKind.MINISTRY)


@dataclass(frozen=True)
class Scope:
    """What a dashboard counts: the whole country (``unit`` None) or a unit and those below it
    (``unit_ids``)."""

    unit: Unit | None
    unit_ids: tuple[int, ...] | None

    @property
    def is_national(self) -> bool:
        return self.unit is None

    @property
    def label(self) -> str:
        return _("National") if self.unit is None else str(self.unit.name)

    @property
    def code(self) -> str:
        return "" if self.unit is None else self.unit.code


NATIONAL = Scope(unit=None, unit_ids=None)


def may_see_statistics(user: User) -> bool:
    if not can(user, Permission.VIEW_STATISTICS):
        return False
    if user.has_role(Role.STATISTICIAN):
        return True
    return user.has_role(Role.SUPERVISOR) and user.unit_id is not None


def sees_national_statistics(user: User) -> bool:
    """The country and every unit: the ministry's statisticians, and the supervisors of the
    coordination centre or the ministry."""
    if not may_see_statistics(user) or user.organisation is None:
        return False
    return user.has_role(Role.STATISTICIAN) or user.organisation.kind in NATIONAL_KINDS


def units_in_scope(user: User) -> QuerySet[Unit]:
    """The units whose figures the person may choose, in the directory's order."""
    if not may_see_statistics(user):
        return Unit.objects.none()
    units = Unit.objects.select_related("organisation").order_by("path")
    if sees_national_statistics(user):
        return units
    assert user.unit is not None
    return units.filter(Q(pk=user.unit_id) | Q(path__startswith=f"{user.unit.path}/"))


def _unit_scope(unit: Unit) -> Scope:
    ids = Unit.objects.filter(Q(pk=unit.pk) | Q(path__startswith=f"{unit.path}/")).values_list(
        "pk", flat=True
    )
    return Scope(unit=unit, unit_ids=tuple(ids))


def default_scope(user: User) -> Scope:
    """National for those who see it, else the person's own unit and those below it."""
    if not may_see_statistics(user):
        raise NotFound
    if sees_national_statistics(user):
        return NATIONAL
    assert user.unit is not None
    return _unit_scope(user.unit)


def scope_get_for_user(*, user: User, unit_code: str = "") -> Scope:
    """The scope asked (a unit's code, or empty for the default). A unit outside the person's
    scope answers like a missing one: not found."""
    if not may_see_statistics(user):
        raise NotFound
    if not unit_code:
        return default_scope(user)
    unit = units_in_scope(user).filter(code=unit_code).first()
    if unit is None:
        raise NotFound
    return _unit_scope(unit)
