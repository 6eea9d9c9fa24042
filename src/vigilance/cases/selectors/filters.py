"""What the case list and the triage queue are narrowed by: a range of days, and the units a
person may pick from (never more than what the need-to-know gate lets them see)."""

import datetime as dt
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access

M = TypeVar("M", bound=Model)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def within_days(
    rows: QuerySet[M], *, field: str, start: dt.date | None, end: dt.date | None
) -> QuerySet[M]:
    """The rows whose ``field`` falls on ``start`` or after and on ``end`` or before (local days),
    as a range on the column itself so that its index serves."""
    if start:
        rows = rows.filter(**{f"{field}__gte": day_start(start)})
    if end:
        rows = rows.filter(**{f"{field}__lt": day_start(end + dt.timedelta(days=1))})
    return rows


def filter_units_for_user(*, user: User) -> QuerySet[Unit]:
    """The units a person may filter lists by: every active unit for the coordination centre;
    otherwise their own unit and the units owning a case they may see."""
    units = Unit.objects.filter(is_active=True)
    if not can(user, Permission.VIEW_CASES):
        units = units.filter(Q(pk=user.unit_id))
    elif not access.sees_everything(user):
        units = units.filter(Q(pk=user.unit_id) | access.units_owning_cases_visible_to(user))
    return units.select_related("organisation").order_by("code")
