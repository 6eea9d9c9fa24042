"""Keeping the aggregates current: recompute whole months from the reports, cases, freezes and
look-up tallies, replacing each month's rows in one transaction.

``statistics_refresh()`` (Celery beat, every ten minutes, and the end of the seed commands)
finds the months touched since the last refresh: reports received, their history (routing,
case, closing, reopening), case events, requalifications in the audit trail, freezes asked,
answered or settled. It reads those sources and never writes them.
``statistics_refresh(months=[...])`` recomputes the months given; ``statistics_rebuild()``
every month from the first report to now.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from vigilance.audit.models import AuditEvent
from vigilance.cases.models import CaseEvent, CaseReport
from vigilance.indicators.models import LookupTally
from vigilance.intake.models import Report, ReportEvent
from vigilance.requisitions.models import FreezeRequest
from vigilance.requisitions.selectors.stats import HELD_STATUSES
from vigilance.stats import durations
from vigilance.stats.models import (
    DurationMonthly,
    LookupMonthly,
    Measure,
    MoneyMonthly,
    OutcomeMonthly,
    RefreshWatermark,
    ReportMonthly,
)
from vigilance.stats.months import DOUALA, month_bounds, month_of, months_between, next_month

# Freezes change in place (answered, settled): they are found by time, looking back this far
# before the last refresh so that a transaction still open then is read now.
FREEZE_LOOKBACK = dt.timedelta(minutes=30)

# Where a measured duration ends, per measure; it starts when the report was received.
MEASURE_ENDS = {
    Measure.TRIAGE: "triaged_at",
    Measure.CASE_OPEN: "case_link__added_at",
    Measure.CASE_CLOSE: "case_link__case__closed_at",
}


def _bucket_expression() -> Case:
    """The duration bucket of ``took`` (see ``stats.durations``), computed by the database."""
    whens = [
        When(took__lt=dt.timedelta(seconds=edge), then=Value(index))
        for index, edge in enumerate(durations.EDGES)
    ]
    return Case(*whens, default=Value(durations.BUCKETS - 1), output_field=IntegerField())


def _xaf(amount: Decimal | int | None) -> int:
    return int(amount or 0)


def _report_rows(month: dt.date, reports: QuerySet[Report]) -> list[ReportMonthly]:
    groups = reports.values("region_id", "category_id", "channel", "unit_id").annotate(
        count=Count("id"), loss=Sum("loss_amount", filter=Q(loss_currency="XAF"))
    )
    return [
        ReportMonthly(
            month=month,
            region_id=group["region_id"],
            category_id=group["category_id"],
            channel=group["channel"],
            unit_id=group["unit_id"],
            reports=group["count"],
            loss_reported_xaf=_xaf(group["loss"]),
        )
        for group in groups
    ]


def _outcome_rows(month: dt.date, reports: QuerySet[Report]) -> list[OutcomeMonthly]:
    groups = (
        reports.exclude(outcome="")
        .values("region_id", "category_id", "unit_id", "outcome")
        .annotate(count=Count("id"))
    )
    return [
        OutcomeMonthly(
            month=month,
            region_id=group["region_id"],
            category_id=group["category_id"],
            unit_id=group["unit_id"],
            outcome=group["outcome"],
            reports=group["count"],
        )
        for group in groups
    ]


def _duration_rows(month: dt.date, reports: QuerySet[Report]) -> list[DurationMonthly]:
    rows: list[DurationMonthly] = []
    for measure, end in MEASURE_ENDS.items():
        groups = (
            reports.filter(**{f"{end}__isnull": False})
            .annotate(
                took=ExpressionWrapper(F(end) - F("submitted_at"), output_field=DurationField())
            )
            .annotate(bucket=_bucket_expression())
            .values("unit_id", "bucket")
            .annotate(count=Count("id"))
        )
        rows.extend(
            DurationMonthly(
                month=month,
                unit_id=group["unit_id"],
                measure=measure,
                bucket=group["bucket"],
                count=group["count"],
            )
            for group in groups
        )
    return rows


def _money_rows(month: dt.date) -> list[MoneyMonthly]:
    start, end = month_bounds(month)
    groups = (
        FreezeRequest.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(stat_unit=Coalesce("report__unit_id", "case__owning_unit_id"))
        .values("report__region_id", "stat_unit")
        .annotate(
            count=Count("id"),
            held=Sum("amount_held", filter=Q(status__in=HELD_STATUSES)),
            returned=Sum("amount_returned"),
        )
    )
    return [
        MoneyMonthly(
            month=month,
            region_id=group["report__region_id"],
            unit_id=group["stat_unit"],
            freezes=group["count"],
            held_xaf=_xaf(group["held"]),
            returned_xaf=_xaf(group["returned"]),
        )
        for group in groups
    ]


def _lookup_rows(month: dt.date) -> list[LookupMonthly]:
    groups = (
        LookupTally.objects.filter(day__gte=month, day__lt=next_month(month))
        .values("type")
        .annotate(total=Sum("count"))
    )
    return [
        LookupMonthly(month=month, type=group["type"], lookups=group["total"] or 0)
        for group in groups
        if group["total"]
    ]


@transaction.atomic
def statistics_refresh_month(*, month: dt.date) -> None:
    """Replace one month's rows in every aggregate table."""
    # One refresh at a time: two replacing the same month would insert its rows twice.
    RefreshWatermark.objects.select_for_update().get_or_create(pk=1)
    month = month.replace(day=1)
    start, end = month_bounds(month)
    reports = Report.objects.filter(submitted_at__gte=start, submitted_at__lt=end).order_by()
    for model in (ReportMonthly, OutcomeMonthly, DurationMonthly, MoneyMonthly, LookupMonthly):
        model.objects.filter(month=month).delete()
    ReportMonthly.objects.bulk_create(_report_rows(month, reports), batch_size=1000)
    OutcomeMonthly.objects.bulk_create(_outcome_rows(month, reports), batch_size=1000)
    DurationMonthly.objects.bulk_create(_duration_rows(month, reports), batch_size=1000)
    MoneyMonthly.objects.bulk_create(_money_rows(month), batch_size=1000)
    LookupMonthly.objects.bulk_create(_lookup_rows(month), batch_size=1000)
    RefreshWatermark.objects.filter(pk=1).update(generation=F("generation") + 1)


def _truncated(queryset: QuerySet[Any], field: str) -> set[dt.date]:
    months = (
        queryset.order_by()
        .annotate(stat_month=TruncMonth(field, output_field=DateField(), tzinfo=DOUALA))
        .values_list("stat_month", flat=True)
        .distinct()
    )
    return {month for month in months if month is not None}


def _latest(queryset: QuerySet[Any], field: str = "id") -> int:
    return int(queryset.aggregate(latest=Max(field))["latest"] or 0)


def _latest_ids() -> dict[str, int]:
    return {
        "report": _latest(Report.objects.all()),
        "report_event": _latest(ReportEvent.objects.all()),
        "case_event": _latest(CaseEvent.objects.all()),
        "audit": _latest(AuditEvent.objects.all(), "sequence"),
    }


def _touched_months(seen: dict[str, list[int]], since: dt.datetime) -> set[dt.date]:
    """The months of the reports and freezes changed after the ids in ``seen`` (their
    ``previous`` value) and the freezes changed since ``since``; updates ``seen``."""

    def after(source: str) -> int:
        return seen.get(source, [0, 0])[0]

    months = _truncated(Report.objects.filter(id__gt=after("report")), "submitted_at")
    months |= _truncated(
        ReportEvent.objects.filter(id__gt=after("report_event")), "report__submitted_at"
    )
    changed_cases = CaseEvent.objects.filter(id__gt=after("case_event")).values("case_id")
    months |= _truncated(
        CaseReport.objects.filter(case_id__in=changed_cases), "report__submitted_at"
    )
    requalified = AuditEvent.objects.filter(
        sequence__gt=after("audit"), action="report.requalified", object_type="report"
    ).values("object_id")
    months |= _truncated(Report.objects.filter(reference__in=requalified), "submitted_at")
    months |= _truncated(
        FreezeRequest.objects.filter(
            Q(created_at__gte=since) | Q(answered_at__gte=since) | Q(settled_at__gte=since)
        ),
        "created_at",
    )
    for source, value in _latest_ids().items():
        seen[source] = [seen.get(source, [0, 0])[1], value]
    return months


def _all_months() -> list[dt.date]:
    first = Report.objects.aggregate(first=Min("submitted_at"))["first"]
    first_freeze = FreezeRequest.objects.aggregate(first=Min("created_at"))["first"]
    first_lookup = LookupTally.objects.aggregate(first=Min("day"))["first"]
    # Months already counted too, so that a month whose sources were removed is emptied.
    first_counted = ReportMonthly.objects.aggregate(first=Min("month"))["first"]
    now = month_of(timezone.now())
    firsts = (first, first_freeze, first_lookup, first_counted)
    starts = [month_of(moment) for moment in firsts if moment]
    return months_between(min(starts, default=now), now)


def statistics_refresh(*, months: list[dt.date] | None = None) -> list[dt.date]:
    """Recompute ``months``, or the months touched since the last refresh (every month on the
    first one), always with the current and previous month (look-ups of late tallies). Returns
    the months recomputed, oldest first. Each month is replaced in its own transaction."""
    watermark, _created = RefreshWatermark.objects.get_or_create(pk=1)
    now = timezone.now()
    seen: dict[str, list[int]] = dict(watermark.seen or {})
    if months is not None:
        chosen = {month.replace(day=1) for month in months}
    elif watermark.refreshed_at is None:
        chosen = set(_all_months())
        seen = {source: [value, value] for source, value in _latest_ids().items()}
    else:
        chosen = _touched_months(seen, watermark.refreshed_at - FREEZE_LOOKBACK)
        current = month_of(now)
        chosen |= {current, month_of(current - dt.timedelta(days=1))}
    for month in sorted(chosen):
        statistics_refresh_month(month=month)
    # Moved on only once the months are replaced: a refresh that fails is done again next time.
    if months is None:
        RefreshWatermark.objects.filter(pk=1).update(seen=seen, refreshed_at=now)
    return sorted(chosen)


def statistics_rebuild() -> list[dt.date]:
    """Recompute every month from the first report, freeze, look-up or month already counted
    to the current one."""
    return statistics_refresh(months=_all_months())
