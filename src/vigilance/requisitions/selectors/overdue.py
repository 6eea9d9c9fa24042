"""The supervisors' overdue list: counts per addressee (sent, open, overdue, oldest overdue),
and the overdue requisitions below, a page at a time by (deadline, id) so that it stays fast
however many requisitions there are."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from vigilance.accounts.models import Organisation, Role, User
from vigilance.requisitions import access
from vigilance.requisitions.models import OPEN_STATUSES, Requisition, RequisitionStatus

PAGE_SIZE = 50


class BadCursor(ValueError):
    """The ``after`` of the address is not one this page wrote."""


@dataclass(frozen=True)
class AddresseeCounts:
    code: str
    name: str
    sent: int
    open: int
    overdue: int
    oldest_overdue: dt.datetime | None


@dataclass(frozen=True)
class OverduePage:
    counts: list[AddresseeCounts]
    requisitions: list[Requisition]
    next_cursor: str


def _scope(user: User) -> QuerySet[Requisition]:
    if not user.has_role(Role.SUPERVISOR):
        return Requisition.objects.none()
    return access.requisitions_visible_to(user)


def addressee_counts(*, user: User) -> list[AddresseeCounts]:
    now = timezone.now()
    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=now)
    groups = (
        _scope(user)
        .exclude(status=RequisitionStatus.DRAFT)
        .values("addressee_id")
        .annotate(
            sent=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=overdue),
            oldest_overdue=Min("deadline", filter=overdue),
        )
        .order_by()
    )
    rows = list(groups)
    names = Organisation.objects.in_bulk({row["addressee_id"] for row in rows})
    counts = [
        AddresseeCounts(
            code=names[row["addressee_id"]].code,
            name=str(names[row["addressee_id"]].name),
            sent=row["sent"],
            open=row["open"],
            overdue=row["overdue"],
            oldest_overdue=row["oldest_overdue"],
        )
        for row in rows
    ]
    return sorted(counts, key=lambda row: (-row.overdue, row.name.lower()))


def cursor_of(requisition: Requisition) -> str:
    assert requisition.deadline is not None
    return f"{int(requisition.deadline.timestamp() * 1_000_000)}.{requisition.pk}"


def _parse_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        micros, pk = cursor.split(".", 1)
        moment = dt.datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt.UTC)
        return moment, int(pk)
    except (ValueError, OverflowError, OSError) as error:
        raise BadCursor(cursor) from error


def overdue_page(*, user: User, addressee_code: str = "", after: str = "") -> OverduePage:
    """Counts per addressee and one page of overdue requisitions, oldest deadline first."""
    listed = (
        _scope(user)
        .filter(status__in=OPEN_STATUSES, deadline__lt=timezone.now())
        .select_related("addressee", "case")
        .order_by("deadline", "id")
    )
    if addressee_code:
        listed = listed.filter(addressee__code=addressee_code)
    if after:
        deadline, pk = _parse_cursor(after)
        listed = listed.filter(Q(deadline__gt=deadline) | Q(deadline=deadline, id__gt=pk))
    page = list(listed[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return OverduePage(
        counts=addressee_counts(user=user),
        requisitions=page,
        next_cursor=cursor_of(page[-1]) if more else "",
    )
