"""The reports and cases naming the identifiers a search found (a value typed in full or in
part), newest first, within the reader's need-to-know and the filters (decision 0049).

A mobile-money account may be named by 100,000 reports. The newest ``NEWEST_REPORTS`` ids
naming the identifiers are read from the sightings' ``(type, value, report_id)`` index alone,
one backward read per identifier; the reader's gate and the filters are then checked on those
ids in order, a slice at a time, until the page has what it needs. The work is bounded by what
the page shows, not by how many reports name the value, and only slices are ever gated.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from vigilance.cases.models import CaseReport
from vigilance.intake.models import Sighting

Pair = tuple[str, str]
# The newest report ids read per identifier and in all: past them the page says "more than".
NEWEST_REPORTS = 5000
# The first slice gated holds this many ids per one wanted: a reader who sees a quarter of an
# identifier's reports finds what a page needs in one statement.
FIRST_SLICE_PER_WANTED = 4


@dataclass(frozen=True)
class Named:
    """Ids of reports (or cases) naming the identifiers, newest first, and whether older ones
    may follow (more than ``wanted`` were found, or the read stopped at its bound)."""

    ids: list[int]
    more: bool


def newest_report_ids(pairs: list[Pair], *, since: dt.datetime | None = None) -> list[int]:
    """The newest ``NEWEST_REPORTS`` ids of reports naming any of ``pairs``, newest first.
    ``since`` (the search's first day) skips older sightings: a sighting is never older than
    its report, so none of a report from that day on is left out."""
    if not pairs:
        return []
    sightings = Sighting.objects.all()
    if since is not None:
        sightings = sightings.filter(created_at__gte=since)
    if connection.vendor != "postgresql":
        matching = Q(pk__in=[])
        for kind, value in pairs:
            matching |= Q(type=kind, value=value)
        newest = sightings.filter(matching).order_by("-report_id")
        return list(newest.values_list("report_id", flat=True).distinct()[:NEWEST_REPORTS])
    # One backward read of the covering index per identifier: ORed together, the planner would
    # gather every sighting of every value (100,000 for one account) and sort them.
    each = [
        sightings.filter(type=kind, value=value)
        .order_by("-report_id")
        .values_list("report_id", flat=True)[:NEWEST_REPORTS]
        for kind, value in pairs
    ]
    if len(each) == 1:
        return list(each[0])
    return list(each[0].union(*each[1:]).order_by("-report_id")[:NEWEST_REPORTS])


def reports_naming(scope: QuerySet[Any], report_ids: list[int], *, wanted: int) -> Named:
    """The first ``wanted`` of ``report_ids`` (newest first) that ``scope`` holds (the reader's
    gate and the filters)."""

    def held(ids: list[int]) -> list[int]:
        kept = set(scope.order_by().filter(pk__in=ids).values_list("pk", flat=True))
        return [pk for pk in ids if pk in kept]

    return _first_held(report_ids, held, wanted=wanted)


def cases_naming(scope: QuerySet[Any], report_ids: list[int], *, wanted: int) -> Named:
    """The first ``wanted`` cases that ``scope`` holds among the cases of ``report_ids``
    (newest first), in the order of their newest such report."""

    def held(ids: list[int]) -> list[int]:
        position = {pk: number for number, pk in enumerate(ids)}
        links = CaseReport.objects.filter(report_id__in=ids).values_list("report_id", "case_id")
        ordered = dict.fromkeys(
            case_id for _report, case_id in sorted(links, key=lambda link: position[link[0]])
        )
        kept = set(scope.order_by().filter(pk__in=list(ordered)).values_list("pk", flat=True))
        return [pk for pk in ordered if pk in kept]

    return _first_held(report_ids, held, wanted=wanted)


def _first_held(
    report_ids: list[int], held: Callable[[list[int]], list[int]], *, wanted: int
) -> Named:
    found: dict[int, None] = {}
    start, size = 0, FIRST_SLICE_PER_WANTED * (wanted + 1)
    while start < len(report_ids) and len(found) <= wanted:
        found.update(dict.fromkeys(held(report_ids[start : start + size])))
        start += size
        size *= 2
    cut = len(report_ids) >= NEWEST_REPORTS
    return Named(ids=list(found)[:wanted], more=len(found) > wanted or cut)
