"""Reads of scam-wave detection: the counts the detectors judge, from a few grouped queries (never
one report at a time), and the findings as each staff member may see them.

Counts come in 24-hour slots ending at ``window_end`` (an hour boundary): the reports are
grouped by hour in the database, and the hours folded into slots here, so the series is the
same on PostgreSQL and SQLite whatever the time zone.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncHour

from vigilance.accounts.models import User
from vigilance.alerts import access_waves as access
from vigilance.alerts.models_waves import WaveFinding
from vigilance.indicators.models import LookupTally
from vigilance.indicators.selectors import EarlyWarning, early_warnings
from vigilance.intake.models import Report, ReportStatus, Sighting

SLOT = dt.timedelta(hours=24)
# Reports that do not count: the same facts filed twice, and abuse of the form.
NOT_COUNTED = (ReportStatus.DUPLICATE, ReportStatus.REJECTED)
# At most this many subjects of each kind are judged per run: the busiest ones.
CANDIDATE_LIMIT = 200
# How many linked reports a finding cites (for staff who read cases).
REFERENCE_LIMIT = 20
PAGE_SIZE = 100


@dataclass
class Counted:
    """One subject's counts: ``series`` per 24-hour slot, oldest first, the last 24 hours last."""

    series: list[int]
    references: list[str] = field(default_factory=list)
    # For an identifier: the offence most of its recent reports name, and where they came from.
    category: str | None = None
    regions: list[str] = field(default_factory=list)


def _slot(hour: dt.datetime, window_end: dt.datetime, slots: int) -> int | None:
    """Index of the slot holding ``hour`` (the last slot is ``slots - 1``), None outside."""
    if hour >= window_end:
        return None
    back = (window_end - hour - dt.timedelta(microseconds=1)) // SLOT
    return slots - 1 - back if back < slots else None


def _fold(
    rows: Iterable[tuple[object, dt.datetime, int]], window_end: dt.datetime, slots: int
) -> dict[object, list[int]]:
    series: dict[object, list[int]] = defaultdict(lambda: [0] * slots)
    for key, hour, count in rows:
        index = _slot(hour, window_end, slots)
        if index is not None:
            series[key][index] += count
    return series


def _counted_sightings(since: dt.datetime, until: dt.datetime) -> QuerySet[Sighting]:
    return Sighting.objects.filter(
        report__submitted_at__gte=since,
        report__submitted_at__lt=until,
        indicator__isnull=False,
        is_counted=True,
    ).exclude(report__status__in=NOT_COUNTED)


def indicator_counts(
    *, window_end: dt.datetime, baseline_days: int, min_count: int
) -> dict[tuple[str, str], Counted]:
    """Identifiers named in at least ``min_count`` reports in the last 24 hours, with their
    reports per slot over the baseline and the references of some of the recent reports.

    A cluster of reports linked through shared identifiers shows here through each of its
    identifiers; the most named one is the first to reach the threshold.
    """
    slots = baseline_days + 1
    recent = (
        _counted_sightings(window_end - SLOT, window_end)
        .values("indicator_id")
        .annotate(reports=Count("report_id", distinct=True))
        .filter(reports__gte=min_count)
        .order_by("-reports", "indicator_id")[:CANDIDATE_LIMIT]
    )
    ids = [row["indicator_id"] for row in recent]
    if not ids:
        return {}
    hourly = (
        _counted_sightings(window_end - slots * SLOT, window_end)
        .filter(indicator_id__in=ids)
        .annotate(hour=TruncHour("report__submitted_at"))
        .values("indicator_id", "type", "value", "hour")
        .annotate(reports=Count("report_id", distinct=True))
        .order_by()
    )
    names: dict[object, tuple[str, str]] = {}
    rows = []
    for row in hourly:
        names[row["indicator_id"]] = (row["type"], row["value"])
        rows.append((row["indicator_id"], row["hour"], row["reports"]))
    series = _fold(rows, window_end, slots)
    references = _recent_references(
        _counted_sightings(window_end - SLOT, window_end).filter(indicator_id__in=ids),
        key="indicator_id",
        path="report__",
    )
    mix = _category_and_regions(_counted_sightings(window_end - SLOT, window_end), ids)
    return {
        names[pk]: Counted(series=counts, references=references.get(pk, []), **mix.get(pk, {}))
        for pk, counts in series.items()
    }


# Beyond this many regions, an identifier's wave is national (an alert without regions).
MAX_REGIONS = 3


def _category_and_regions(rows: QuerySet[Sighting], ids: list[int]) -> dict[object, dict[str, Any]]:
    """Per indicator, the category most of its recent reports name and their regions."""
    categories: dict[object, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    regions: dict[object, set[str]] = defaultdict(set)
    grouped = (
        rows.filter(indicator_id__in=ids)
        .values("indicator_id", "report__category_id", "report__region_id")
        .annotate(reports=Count("report_id", distinct=True))
        .order_by()
    )
    for row in grouped:
        categories[row["indicator_id"]][row["report__category_id"]] += row["reports"]
        regions[row["indicator_id"]].add(row["report__region_id"])
    return {
        pk: {
            "category": max(sorted(counts), key=lambda code: counts[code]),
            "regions": sorted(regions[pk]) if len(regions[pk]) <= MAX_REGIONS else [],
        }
        for pk, counts in categories.items()
    }


def _recent_references(rows: QuerySet[Sighting], *, key: str, path: str) -> dict[object, list[str]]:
    """The references of the latest reports of each subject, at most REFERENCE_LIMIT each."""
    found: dict[object, list[str]] = defaultdict(list)
    for subject, reference in (
        rows.order_by(key, f"-{path}submitted_at")
        .values_list(key, f"{path}reference")
        .iterator(chunk_size=2000)
    ):
        if len(found[subject]) < REFERENCE_LIMIT and reference not in found[subject]:
            found[subject].append(reference)
    return found


def _counted_reports(since: dt.datetime, until: dt.datetime) -> QuerySet[Report]:
    return Report.objects.filter(submitted_at__gte=since, submitted_at__lt=until).exclude(
        status__in=NOT_COUNTED
    )


def region_counts(
    *, window_end: dt.datetime, baseline_days: int, min_count: int
) -> dict[tuple[str, str], Counted]:
    """Offence categories with at least ``min_count`` reports in one region in the last 24 hours,
    keyed by (category code, region code), with their reports per slot over the baseline."""
    slots = baseline_days + 1
    recent = (
        _counted_reports(window_end - SLOT, window_end)
        .values("category_id", "region_id")
        .annotate(reports=Count("id"))
        .filter(reports__gte=min_count)
        .order_by("-reports")[:CANDIDATE_LIMIT]
    )
    pairs = {(row["category_id"], row["region_id"]) for row in recent}
    if not pairs:
        return {}
    condition = Q()
    for category, region in pairs:
        condition |= Q(category_id=category, region_id=region)
    hourly = (
        _counted_reports(window_end - slots * SLOT, window_end)
        .filter(condition)
        .annotate(hour=TruncHour("submitted_at"))
        .values("category_id", "region_id", "hour")
        .annotate(reports=Count("id"))
        .order_by()
    )
    series = _fold(
        (((row["category_id"], row["region_id"]), row["hour"], row["reports"]) for row in hourly),
        window_end,
        slots,
    )
    recent_rows = (
        _counted_reports(window_end - SLOT, window_end)
        .filter(condition)
        .order_by("-submitted_at")
        .values_list("category_id", "region_id", "reference")
    )
    references: dict[object, list[str]] = defaultdict(list)
    for category, region, reference in recent_rows.iterator(chunk_size=2000):
        if len(references[(category, region)]) < REFERENCE_LIMIT:
            references[(category, region)].append(reference)
    return {
        pair: Counted(series=counts, references=references.get(pair, []))  # type: ignore[misc]
        for pair, counts in series.items()
    }


@dataclass(frozen=True)
class LookupWave:
    warning: EarlyWarning
    series: list[int]


def lookup_waves(*, today: dt.date, baseline_days: int, threshold: int) -> list[LookupWave]:
    """Values checked at least ``threshold`` times in the last week and never reported (the
    early warnings of ``indicators``), with their checks per day over the baseline."""
    warnings = early_warnings(threshold=threshold)
    if not warnings:
        return []
    start = today - dt.timedelta(days=baseline_days)
    condition = Q()
    for warning in warnings:
        condition |= Q(type=warning.type, value=warning.value)
    daily: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (baseline_days + 1))
    tallies = (
        LookupTally.objects.filter(condition, day__gte=start, day__lte=today)
        .values("type", "value", "day")
        .annotate(checks=Sum("count"))
        .order_by()
    )
    for row in tallies:
        daily[(row["type"], row["value"])][(row["day"] - start).days] += int(row["checks"])
    return [
        LookupWave(warning=warning, series=daily[(warning.type, warning.value)])
        for warning in warnings
    ]


@dataclass(frozen=True)
class LinkedReport:
    reference: str
    public_id: str


@dataclass(frozen=True)
class FindingView:
    """A finding as one reader may see it: ``reports`` is None for who may not see any."""

    finding: WaveFinding
    reports: list[LinkedReport] | None


def wave_findings_for_user(*, user: User) -> list[FindingView]:
    """The latest findings, each with the linked reports the reader may open (none for an
    editor, who reads no case content; only those within need-to-know for the others)."""
    access.require_view(user)
    findings = list(
        WaveFinding.objects.select_related("category", "region", "alert", "dismissed_by")[
            :PAGE_SIZE
        ]
    )
    if not access.sees_report_references(user):
        return [FindingView(finding=finding, reports=None) for finding in findings]
    wanted = {reference for finding in findings for reference in finding.report_references}
    visible = dict(
        access.visible_reports(user)
        .filter(reference__in=wanted)
        .values_list("reference", "public_id")
    )
    return [
        FindingView(
            finding=finding,
            reports=[
                LinkedReport(reference=reference, public_id=str(visible[reference]))
                for reference in finding.report_references
                if reference in visible
            ],
        )
        for finding in findings
    ]


def wave_finding_get_for_user(*, user: User, finding_id: int) -> WaveFinding:
    access.require_view(user)
    return access.finding_get(finding_id=finding_id)
