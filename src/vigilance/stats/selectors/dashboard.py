"""Reads of the aggregates for the dashboards, the API and the public statistics.

Contract (other parts build on these; figures are never about a person or a reference):

- ``report_counts(month_from=, month_to=, by=(...), scope=NATIONAL)``: reports received and the
  losses declared (XAF), grouped by any of "month", "region", "category", "channel", "unit";
  a list of dicts with those keys (codes; "unit" is a unit id or None) and "reports",
  "loss_reported_xaf".
- ``outcome_counts(...)``: the same with "outcome" among the dimensions, and "reports".
- ``duration_summary(measure=, month_from=, month_to=, scope=, by_month=False)``: median and 90th
  percentile (seconds) and count of a ``Measure``, over the range or per month.
- ``money_by_month(...)``, ``lookups_by_month(...)``: funds held and returned, public look-ups.
- ``dashboard_get(scope=, month_from=, month_to=)``: everything a dashboard shows, labelled in
  the active language.

Months are first days (``datetime.date``); both ends are included. ``scope`` comes from
``stats.access`` (``NATIONAL`` or a unit and those below it).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigilance.core.models import OffenceCategory, Region
from vigilance.intake.models import Channel, Outcome
from vigilance.stats import durations
from vigilance.stats.access import NATIONAL, Scope
from vigilance.stats.models import (
    DurationMonthly,
    LookupMonthly,
    Measure,
    MoneyMonthly,
    OutcomeMonthly,
    RefreshWatermark,
    ReportMonthly,
)
from vigilance.stats.months import months_between

DIMENSIONS = {
    "month": "month",
    "region": "region_id",
    "category": "category_id",
    "channel": "channel",
    "unit": "unit_id",
    "outcome": "outcome",
}
# Categories shown one by one; the others are summed as "other".
TOP_CATEGORIES = 10
# A dashboard's figures change only when a refresh replaces a month, which moves the generation
# in their cache key; the expiry only bounds what an idle cache keeps.
CACHE_SECONDS = 60 * 60


def statistics_generation() -> int:
    """How many months the refreshes have replaced so far: a new value means new figures."""
    found = RefreshWatermark.objects.filter(pk=1).values_list("generation", flat=True).first()
    return int(found or 0)


def dashboard_cache_key(kind: str, *, scope: Scope, month_from: dt.date, month_to: dt.date) -> str:
    """Where a dashboard's ``kind`` of figures is cached, for this generation and language."""
    return (
        f"stats:{kind}:{statistics_generation()}:{get_language() or 'fr'}:"
        f"{scope.code or 'national'}:{month_from:%Y-%m}:{month_to:%Y-%m}"
    )


def _in_range(
    queryset: QuerySet[Any], month_from: dt.date, month_to: dt.date, scope: Scope
) -> QuerySet[Any]:
    queryset = queryset.filter(month__gte=month_from.replace(day=1), month__lte=month_to)
    if scope.unit_ids is not None:
        queryset = queryset.filter(unit_id__in=scope.unit_ids)
    return queryset.order_by()


def _grouped(
    queryset: QuerySet[Any], by: Sequence[str], sums: dict[str, str]
) -> list[dict[str, Any]]:
    columns = [DIMENSIONS[name] for name in by]
    rows = queryset.values(*columns).annotate(
        **{name: Sum(column) for name, column in sums.items()}
    )
    return [
        {
            **{name: row[DIMENSIONS[name]] for name in by},
            **{name: int(row[name] or 0) for name in sums},
        }
        for row in rows
    ]


def report_counts(
    *, month_from: dt.date, month_to: dt.date, by: Sequence[str], scope: Scope = NATIONAL
) -> list[dict[str, Any]]:
    return _grouped(
        _in_range(ReportMonthly.objects.all(), month_from, month_to, scope),
        by,
        {"reports": "reports", "loss_reported_xaf": "loss_reported_xaf"},
    )


def outcome_counts(
    *, month_from: dt.date, month_to: dt.date, by: Sequence[str], scope: Scope = NATIONAL
) -> list[dict[str, Any]]:
    return _grouped(
        _in_range(OutcomeMonthly.objects.all(), month_from, month_to, scope),
        by,
        {"reports": "reports"},
    )


@dataclass(frozen=True)
class DurationFigures:
    """Median and 90th percentile in seconds (None when nothing was measured)."""

    count: int
    median: float | None
    p90: float | None

    @property
    def median_hours(self) -> float | None:
        return None if self.median is None else round(self.median / 3600, 1)

    @property
    def p90_hours(self) -> float | None:
        return None if self.p90 is None else round(self.p90 / 3600, 1)


def _figures(counts: dict[int, int]) -> DurationFigures:
    return DurationFigures(
        count=sum(counts.values()),
        median=durations.quantile(counts, 0.5),
        p90=durations.quantile(counts, 0.9),
    )


def duration_summary(
    *, measure: str, month_from: dt.date, month_to: dt.date, scope: Scope = NATIONAL
) -> DurationFigures:
    rows = (
        _in_range(DurationMonthly.objects.filter(measure=measure), month_from, month_to, scope)
        .values("bucket")
        .annotate(total=Sum("count"))
    )
    return _figures({row["bucket"]: row["total"] for row in rows})


def duration_by_month(
    *, measure: str, month_from: dt.date, month_to: dt.date, scope: Scope = NATIONAL
) -> dict[dt.date, DurationFigures]:
    rows = (
        _in_range(DurationMonthly.objects.filter(measure=measure), month_from, month_to, scope)
        .values("month", "bucket")
        .annotate(total=Sum("count"))
    )
    counts: dict[dt.date, dict[int, int]] = defaultdict(dict)
    for row in rows:
        counts[row["month"]][row["bucket"]] = row["total"]
    return {
        month: _figures(counts.get(month, {})) for month in months_between(month_from, month_to)
    }


def money_by_month(
    *, month_from: dt.date, month_to: dt.date, scope: Scope = NATIONAL
) -> dict[dt.date, tuple[int, int]]:
    """(held, returned) in XAF per month of the freezes asked."""
    rows = (
        _in_range(MoneyMonthly.objects.all(), month_from, month_to, scope)
        .values("month")
        .annotate(held=Sum("held_xaf"), returned=Sum("returned_xaf"))
    )
    found = {row["month"]: (int(row["held"] or 0), int(row["returned"] or 0)) for row in rows}
    return {month: found.get(month, (0, 0)) for month in months_between(month_from, month_to)}


def lookups_by_month(*, month_from: dt.date, month_to: dt.date) -> dict[dt.date, int]:
    """Public look-ups per month, all types together: the whole country, whatever the scope."""
    rows = (
        LookupMonthly.objects.filter(month__gte=month_from.replace(day=1), month__lte=month_to)
        .values("month")
        .annotate(total=Sum("lookups"))
    )
    found = {row["month"]: int(row["total"] or 0) for row in rows}
    return {month: found.get(month, 0) for month in months_between(month_from, month_to)}


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    reports: int
    loss_reported_xaf: int
    held_xaf: int
    returned_xaf: int
    lookups: int


@dataclass(frozen=True)
class LabelledCount:
    code: str
    label: str
    reports: int


@dataclass(frozen=True)
class DurationRow:
    """One measure: over the whole range, and per month."""

    measure: str
    label: str
    overall: DurationFigures
    by_month: dict[dt.date, DurationFigures] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    month_from: dt.date
    month_to: dt.date
    months: list[MonthRow]
    by_category: list[LabelledCount]
    by_region: list[LabelledCount]
    by_channel: list[LabelledCount]
    outcomes: list[LabelledCount]
    durations: list[DurationRow]

    @property
    def total_reports(self) -> int:
        return sum(row.reports for row in self.months)

    @property
    def total_loss_reported_xaf(self) -> int:
        return sum(row.loss_reported_xaf for row in self.months)

    @property
    def total_held_xaf(self) -> int:
        return sum(row.held_xaf for row in self.months)

    @property
    def total_returned_xaf(self) -> int:
        return sum(row.returned_xaf for row in self.months)

    @property
    def total_lookups(self) -> int:
        return sum(row.lookups for row in self.months)


def _labelled(rows: list[dict[str, Any]], key: str, labels: dict[str, str]) -> list[LabelledCount]:
    found = [
        LabelledCount(code=row[key], label=labels.get(row[key], row[key]), reports=row["reports"])
        for row in rows
        if row["reports"]
    ]
    return sorted(found, key=lambda row: (-row.reports, row.label))


def _top_categories(rows: list[LabelledCount]) -> list[LabelledCount]:
    if len(rows) <= TOP_CATEGORIES + 1:
        return rows
    rest = sum(row.reports for row in rows[TOP_CATEGORIES:])
    return [*rows[:TOP_CATEGORIES], LabelledCount(code="other", label=_("Other"), reports=rest)]


def dashboard_get(*, scope: Scope, month_from: dt.date, month_to: dt.date) -> Dashboard:
    """Every figure of a dashboard over the months from ``month_from`` to ``month_to``, labelled
    in the active language (cached until the next refresh replaces a month)."""
    key = dashboard_cache_key("figures", scope=scope, month_from=month_from, month_to=month_to)
    found: Dashboard | None = cache.get(key)
    if found is None:
        found = _dashboard(scope=scope, month_from=month_from, month_to=month_to)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _dashboard(*, scope: Scope, month_from: dt.date, month_to: dt.date) -> Dashboard:
    window: dict[str, Any] = {"month_from": month_from, "month_to": month_to, "scope": scope}
    per_month = {row["month"]: row for row in report_counts(by=("month",), **window)}
    money = money_by_month(**window)
    lookups = lookups_by_month(month_from=month_from, month_to=month_to)
    months = [
        MonthRow(
            month=month,
            reports=per_month.get(month, {}).get("reports", 0),
            loss_reported_xaf=per_month.get(month, {}).get("loss_reported_xaf", 0),
            held_xaf=money[month][0],
            returned_xaf=money[month][1],
            lookups=lookups[month],
        )
        for month in months_between(month_from, month_to)
    ]
    categories = {category.code: category.name for category in OffenceCategory.objects.all()}
    regions = {region.code: region.name for region in Region.objects.all()}
    channels = {str(value): str(label) for value, label in Channel.choices}
    outcomes = {str(value): str(label) for value, label in Outcome.choices}
    return Dashboard(
        scope=scope,
        month_from=month_from,
        month_to=month_to,
        months=months,
        by_category=_top_categories(
            _labelled(report_counts(by=("category",), **window), "category", categories)
        ),
        by_region=_labelled(report_counts(by=("region",), **window), "region", regions),
        by_channel=_labelled(report_counts(by=("channel",), **window), "channel", channels),
        outcomes=_labelled(outcome_counts(by=("outcome",), **window), "outcome", outcomes),
        durations=[
            DurationRow(
                measure=str(measure),
                label=str(measure.label),
                overall=duration_summary(measure=measure, **window),
                by_month=duration_by_month(measure=measure, **window),
            )
            for measure in Measure
        ],
    )


@dataclass(frozen=True)
class Table:
    """The numbers behind one chart, as the page shows them and the CSV export writes them."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Any]]


def _hours(value: float | None) -> float | str:
    return "" if value is None else round(value / 3600, 1)


def _month_text(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def _count_table(key: str, caption: str, heading: str, rows: list[LabelledCount]) -> Table:
    return Table(
        key=key,
        caption=caption,
        headers=[heading, _("Reports")],
        rows=[[row.label, row.reports] for row in rows],
    )


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    """Every table of a dashboard by key, in the order the page shows them."""
    months = dashboard.months
    tables = [
        Table(
            key="reports",
            caption=_("Reports received per month"),
            headers=[_("Month"), _("Reports")],
            rows=[[_month_text(row.month), row.reports] for row in months],
        ),
        _count_table("categories", _("Reports per category"), _("Category"), dashboard.by_category),
        _count_table("regions", _("Reports per region"), _("Region"), dashboard.by_region),
        _count_table("channels", _("Reports per channel"), _("Channel"), dashboard.by_channel),
        Table(
            key="money",
            caption=_("Losses reported, funds held and returned per month (FCFA)"),
            headers=[_("Month"), _("Losses reported"), _("Held"), _("Returned")],
            rows=[
                [_month_text(row.month), row.loss_reported_xaf, row.held_xaf, row.returned_xaf]
                for row in months
            ],
        ),
    ]
    for duration in dashboard.durations:
        rows: list[list[Any]] = [
            [
                _month_text(month),
                figures.count,
                _hours(figures.median),
                _hours(figures.p90),
            ]
            for month, figures in duration.by_month.items()
        ]
        overall = duration.overall
        rows.append([_("Whole range"), overall.count, _hours(overall.median), _hours(overall.p90)])
        tables.append(
            Table(
                key=f"duration_{duration.measure}",
                caption=f"{duration.label} (" + _("hours, from the report's arrival") + ")",
                headers=[
                    _("Month received"),
                    _("Reports measured"),
                    _("Median (h)"),
                    _("90th percentile (h)"),
                ],
                rows=rows,
            )
        )
    tables += [
        _count_table(
            "outcomes", _("Outcomes of the closed reports"), _("Outcome"), dashboard.outcomes
        ),
        Table(
            key="lookups",
            caption=_("Public look-ups per month (whole country)"),
            headers=[_("Month"), _("Look-ups")],
            rows=[[_month_text(row.month), row.lookups] for row in months],
        ),
    ]
    return {table.key: table for table in tables}
