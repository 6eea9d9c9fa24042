"""Statistics of requisitions and freezes over a range of sent dates, computed in the database.

Per addressee and kind: sent, answered in time, answered late, refused, still open, overdue,
and the median and 90th percentile of the response time (sent to answered). Per freeze issuer:
asked, held, amounts asked, held and returned, median time to answer. PostgreSQL computes the
percentiles (``percentile_cont``) in the same grouped query; SQLite, for development only, gets
them from the answered rows' durations.

The scope is the requisitions a person sees through the case gate; the coordination centre and
the ministry see the country.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, QuerySet, Sum
from django.utils import timezone

from vigilance.accounts.models import Organisation, User
from vigilance.requisitions import access
from vigilance.requisitions.models import (
    OPEN_STATUSES,
    FreezeRequest,
    FreezeStatus,
    Requisition,
    RequisitionKind,
    RequisitionStatus,
)

DOUALA = ZoneInfo("Africa/Douala")
HELD_STATUSES = (FreezeStatus.HELD, FreezeStatus.RELEASED, FreezeStatus.RETURNED)


class Seconds(Func):
    """PostgreSQL: the seconds between two moments, as a number percentiles can order."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "
    output_field = FloatField()


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


@dataclass(frozen=True)
class RequisitionRow:
    addressee_code: str
    addressee: str
    kind: str
    kind_label: str
    sent: int
    answered_in_time: int
    answered_late: int
    refused: int
    still_open: int
    overdue: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class FreezeRow:
    issuer_code: str
    issuer: str
    asked: int
    held: int
    amount_asked: int
    amount_held: int
    amount_returned: int
    median_answer_hours: float | None


@dataclass(frozen=True)
class Statistics:
    date_from: dt.date
    date_to: dt.date
    is_national: bool
    requisitions: list[RequisitionRow]
    freezes: list[FreezeRow]


def _uses_percentile_cont() -> bool:
    return connection.vendor == "postgresql"


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks, as ``percentile_cont`` computes it."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=DOUALA)


def is_national(user: User) -> bool:
    return access.sees_national_statistics(user)


def _requisitions_in_scope(user: User) -> QuerySet[Requisition]:
    if is_national(user):
        return Requisition.objects.all()
    return access.requisitions_visible_to(user)


def _freezes_in_scope(user: User) -> QuerySet[FreezeRequest]:
    if is_national(user):
        return FreezeRequest.objects.all()
    return access.freezes_visible_to(user)


def _durations(rows: QuerySet[Any], keys: tuple[str, ...]) -> dict[tuple[Any, ...], list[float]]:
    """SQLite: the answered rows' durations (seconds) per group, for the percentiles."""
    found: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for row in rows.values_list(*keys, "start", "end"):
        *key, start, end = row
        found[tuple(key)].append((end - start).total_seconds())
    return found


def requisition_rows(*, user: User, date_from: dt.date, date_to: dt.date) -> list[RequisitionRow]:
    now = timezone.now()
    sent = _requisitions_in_scope(user).filter(
        sent_at__gte=_moment(date_from), sent_at__lt=_moment(date_to + dt.timedelta(days=1))
    )
    answered = Q(status=RequisitionStatus.ANSWERED)
    counts: dict[str, Any] = {
        "sent": Count("id"),
        "answered_in_time": Count("id", filter=answered & Q(closed_at__lte=F("deadline"))),
        "answered_late": Count("id", filter=answered & Q(closed_at__gt=F("deadline"))),
        "refused": Count("id", filter=Q(status=RequisitionStatus.REFUSED)),
        "still_open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=now)),
    }
    if _uses_percentile_cont():
        took = Seconds(F("closed_at"), F("sent_at"))
        counts["median"] = Percentile(took, 0.5, filter=answered)
        counts["p90"] = Percentile(took, 0.9, filter=answered)
    groups = list(
        sent.values("addressee_id", "kind").annotate(**counts).order_by("addressee_id", "kind")
    )
    durations: dict[tuple[Any, ...], list[float]] = {}
    if not _uses_percentile_cont():
        durations = _durations(
            sent.filter(answered).annotate(start=F("sent_at"), end=F("closed_at")),
            ("addressee_id", "kind"),
        )
    names = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(
            pk__in={group["addressee_id"] for group in groups}
        )
    }
    rows = []
    for group in groups:
        key = (group["addressee_id"], group["kind"])
        if _uses_percentile_cont():
            median, p90 = group["median"], group["p90"]
        else:
            median = percentile(durations.get(key, []), 0.5)
            p90 = percentile(durations.get(key, []), 0.9)
        organisation = names[group["addressee_id"]]
        rows.append(
            RequisitionRow(
                addressee_code=organisation.code,
                addressee=str(organisation.name),
                kind=group["kind"],
                kind_label=str(RequisitionKind(group["kind"]).label),
                sent=group["sent"],
                answered_in_time=group["answered_in_time"],
                answered_late=group["answered_late"],
                refused=group["refused"],
                still_open=group["still_open"],
                overdue=group["overdue"],
                median_hours=_hours(median),
                p90_hours=_hours(p90),
            )
        )
    return sorted(rows, key=lambda row: (row.addressee.lower(), row.kind_label.lower()))


def freeze_rows(*, user: User, date_from: dt.date, date_to: dt.date) -> list[FreezeRow]:
    asked = _freezes_in_scope(user).filter(
        created_at__gte=_moment(date_from), created_at__lt=_moment(date_to + dt.timedelta(days=1))
    )
    answered = Q(answered_at__isnull=False, sent_at__isnull=False)
    counts: dict[str, Any] = {
        "asked": Count("id"),
        "held": Count("id", filter=Q(status__in=HELD_STATUSES)),
        "amount_asked": Sum("amount_asked"),
        "amount_held": Sum("amount_held", filter=Q(status__in=HELD_STATUSES)),
        "amount_returned": Sum("amount_returned"),
    }
    if _uses_percentile_cont():
        counts["median"] = Percentile(Seconds(F("answered_at"), F("sent_at")), 0.5, filter=answered)
    groups = list(asked.values("issuer_id").annotate(**counts).order_by("issuer_id"))
    durations: dict[tuple[Any, ...], list[float]] = {}
    if not _uses_percentile_cont():
        durations = _durations(
            asked.filter(answered).annotate(start=F("sent_at"), end=F("answered_at")),
            ("issuer_id",),
        )
    names = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(
            pk__in={group["issuer_id"] for group in groups}
        )
    }
    rows = []
    for group in groups:
        median = (
            group["median"]
            if _uses_percentile_cont()
            else percentile(durations.get((group["issuer_id"],), []), 0.5)
        )
        organisation = names[group["issuer_id"]]
        rows.append(
            FreezeRow(
                issuer_code=organisation.code,
                issuer=str(organisation.name),
                asked=group["asked"],
                held=group["held"],
                amount_asked=group["amount_asked"] or 0,
                amount_held=group["amount_held"] or 0,
                amount_returned=group["amount_returned"] or 0,
                median_answer_hours=_hours(median),
            )
        )
    return sorted(rows, key=lambda row: row.issuer.lower())


def statistics_get(*, user: User, date_from: dt.date, date_to: dt.date) -> Statistics:
    """Everything the statistics page and endpoint show; the caller checked the right to it."""
    return Statistics(
        date_from=date_from,
        date_to=date_to,
        is_national=is_national(user),
        requisitions=requisition_rows(user=user, date_from=date_from, date_to=date_to),
        freezes=freeze_rows(user=user, date_from=date_from, date_to=date_to),
    )
