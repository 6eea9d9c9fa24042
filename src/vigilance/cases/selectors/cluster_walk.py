"""The walk of a cluster: breadth-first from some reports, one hop being "the indicators these
reports are linked to" then "the reports linked to those indicators", stopped at fixed bounds.

Each hop is one query through an index (the sighting's report foreign key, then, on PostgreSQL,
the covering ``(type, value, report_id)``). However many reports name one indicator (a
mobile-money account named 100,000 times), a hop reads at most the bound plus one of them per
indicator, in report order: nothing grows with the indicator's size. Sightings without an
indicator (beyond the per-value cap, or found in a narrative and not yet confirmed) and
warning-listed indicators link nothing. The walk knows ids only: no one's need-to-know.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from vigilance.intake.models import Sighting


@dataclass(frozen=True)
class ClusterLimits:
    depth: int = 4
    reports: int = 200
    indicators: int = 300


LIMITS = ClusterLimits()


@dataclass
class Walk:
    """What a walk reached, in the order it reached it, and whether a bound stopped it."""

    reports: list[int]
    indicators: list[int]
    links: dict[tuple[int, int], str]  # (report, indicator) -> role
    is_truncated: bool
    pairs: dict[int, tuple[str, str]] = field(default_factory=dict)  # indicator -> (type, value)


def _linked(condition: Q) -> Iterable[tuple[int, int, str, str, str]]:
    """The reports' linked sightings, with their identifier's type and value."""
    return (
        Sighting.objects.filter(condition, indicator__isnull=False)
        .exclude(indicator__is_warning_listed=True)
        .values_list("report_id", "indicator_id", "role", "indicator__type", "indicator__value")
        .order_by("indicator_id", "report_id", "pk")
    )


# PostgreSQL: one part per identifier, read in report order through the covering index
# ``(type, value, report_id)`` (intake 0013) and stopped at the limit. The link is checked on
# each row read; it always follows the value (``intake.correlation`` links a sighting only to the
# indicator of its value), which the planner cannot know: it underestimates the rows and would
# read and sort them all. Sorting is turned off for the statement (``+ 0`` keeps it off the
# ``indicator_id`` index), which leaves the partitions' index scans merged in report order.
_NAMED_BY_PART = (
    "(SELECT report_id, indicator_id, role FROM intake_sighting"
    " WHERE type = %s AND value = %s AND indicator_id + 0 = %s ORDER BY report_id LIMIT %s)"
)


def _named_by(indicators: list[tuple[int, str, str]], limit: int) -> Iterable[tuple[int, int, str]]:
    """The first ``limit`` sightings of each indicator (id, type, value), by report: however
    many reports name one (a value seen 100,000 times), the database reads and returns a
    bounded number of rows."""
    if connection.vendor == "postgresql":
        parameters: list[int | str] = []
        for indicator_id, type_, value in indicators:
            parameters += [type_, value, indicator_id, limit]
        in_callers_transaction = connection.in_atomic_block
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(" UNION ALL ".join([_NAMED_BY_PART] * len(indicators)), parameters)
            rows = [(int(r), int(i), str(role)) for r, i, role in cursor.fetchall()]
            if in_callers_transaction:
                # Back to the session's setting for whatever the caller's transaction runs next.
                cursor.execute("RESET enable_sort")
        return sorted(rows, key=lambda row: (row[1], row[0]))
    # Elsewhere (SQLite: tests and demonstrations) a window ranks every linked sighting.
    first = Window(
        RowNumber(), partition_by=[F("indicator_id")], order_by=[F("report_id"), F("pk")]
    )
    return (
        Sighting.objects.filter(indicator_id__in=[pk for pk, _type, _value in indicators])
        .annotate(rank=first)
        .filter(rank__lte=limit)
        .values_list("report_id", "indicator_id", "role")
        .order_by("indicator_id", "report_id", "pk")
    )


def cluster_walk(start: list[int], limits: ClusterLimits, *, until: int = 0) -> Walk:
    """Breadth-first from ``start``; a fixed number of queries whatever the cluster's size.
    With ``until``, stops as soon as that indicator is reached: the walk is the same up to that
    point, so it is in the cluster if and only if it is in the walk returned."""
    reports = list(dict.fromkeys(start))
    is_truncated = len(reports) > limits.reports
    reports = reports[: limits.reports]
    seen_reports, seen_indicators = set(reports), set[int]()
    indicators: list[int] = []
    pairs: dict[int, tuple[str, str]] = {}
    links: dict[tuple[int, int], str] = {}
    frontier = reports
    for _hop in range(limits.depth):
        if not frontier:
            break
        new_indicators = []
        for report_id, indicator_id, role, type_, value in _linked(Q(report_id__in=frontier)):
            if indicator_id not in seen_indicators:
                if len(indicators) >= limits.indicators:
                    is_truncated = True
                    continue
                seen_indicators.add(indicator_id)
                indicators.append(indicator_id)
                pairs[indicator_id] = (type_, value)
                new_indicators.append((indicator_id, type_, value))
            links.setdefault((report_id, indicator_id), role)
        frontier = []
        if not new_indicators or until in seen_indicators:
            break
        # The bound plus one report per indicator is enough to find every new report that fits
        # and to know whether the bound is hit.
        limit = limits.reports + 1
        rows = list(_named_by(new_indicators, limit))
        named = Counter(indicator_id for _report, indicator_id, _role in rows)
        # An indicator that filled its share may name more reports than were read.
        is_truncated = is_truncated or limit in named.values()
        for report_id, indicator_id, role in rows:
            if report_id not in seen_reports:
                if len(reports) >= limits.reports:
                    is_truncated = True
                    continue
                seen_reports.add(report_id)
                reports.append(report_id)
                frontier.append(report_id)
            links.setdefault((report_id, indicator_id), role)
    if frontier:
        # The last reports reached were not walked: their links to indicators already in the
        # cluster are drawn, and any other indicator means the cluster goes on beyond the bound.
        for report_id, indicator_id, role, _type, _value in _linked(Q(report_id__in=frontier)):
            if indicator_id in seen_indicators:
                links.setdefault((report_id, indicator_id), role)
            else:
                is_truncated = True
    return Walk(
        reports=reports, indicators=indicators, links=links, is_truncated=is_truncated, pairs=pairs
    )
