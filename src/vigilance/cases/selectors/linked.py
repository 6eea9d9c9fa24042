"""How many other reports a report is linked to: the distinct reports naming any of its
identifiers (the union, not the largest count of one identifier), bounded.

One statement per page of reports (two on SQLite, which counts in Python): for each distinct
identifier of the page, at most ``LINKED_CAP + 2`` report ids read from the covering index
``(type, value, report_id)`` (an index-only scan that stops there), so a number named in 100,000 reports costs what one named in
1,002 does. The union is exact up to ``LINKED_CAP``; beyond it the count says "1000+".
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from vigilance.intake.models import Sighting

LINKED_CAP = 1000
# Identifiers per statement: SQLite allows 500 terms in one compound SELECT.
PAIRS_PER_STATEMENT = 200
# One identifier's reports, lowest ids first, read from the index ``sighting_identifier_report``;
# joined by UNION ALL, one per identifier (placeholders only: nothing from input in the text).
REPORTS_NAMING = (
    "SELECT type, value, report_id FROM (SELECT DISTINCT type, value, report_id "
    "FROM intake_sighting WHERE type = %s AND value = %s ORDER BY report_id LIMIT %s) AS named"
)


@dataclass(frozen=True)
class LinkedCount:
    """Other reports sharing an identifier, up to ``LINKED_CAP``, "1000+" beyond."""

    value: int
    is_capped: bool
    cap: int = LINKED_CAP

    def __str__(self) -> str:
        return f"{self.cap}+" if self.is_capped else str(self.value)


NO_LINK = LinkedCount(value=0, is_capped=False)


def _reports_naming(pairs: list[tuple[str, str]], limit: int) -> dict[tuple[str, str], set[int]]:
    """For each identifier, the ids of up to ``limit`` reports naming it (lowest ids first)."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    for start in range(0, len(pairs), PAIRS_PER_STATEMENT):
        chunk = pairs[start : start + PAIRS_PER_STATEMENT]
        params: list[str | int] = []
        for kind, value in chunk:
            params += [kind, value, limit]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([REPORTS_NAMING] * len(chunk)), params)
            for kind, value, report_id in cursor.fetchall():
                found[(kind, value)].add(report_id)
    return found


# PostgreSQL: the same union counted in the database, one row per report back (LATERAL).
LINKED_COUNTS_POSTGRESQL = """
WITH pairs AS (
    SELECT DISTINCT report_id, type, value FROM intake_sighting WHERE report_id = ANY(%s)
)
SELECT pairs.report_id, COUNT(DISTINCT named.report_id)
FROM pairs CROSS JOIN LATERAL (
    SELECT DISTINCT s.report_id FROM intake_sighting s
    WHERE s.type = pairs.type AND s.value = pairs.value
    ORDER BY s.report_id LIMIT %s
) AS named
WHERE named.report_id <> pairs.report_id
GROUP BY pairs.report_id
"""


def _counted_in_postgresql(ids: list[int], cap: int) -> dict[int, LinkedCount]:
    with connection.cursor() as cursor:
        cursor.execute(LINKED_COUNTS_POSTGRESQL, [ids, cap + 2])
        found = dict(cursor.fetchall())
    return {
        report_id: LinkedCount(
            value=min(found.get(report_id, 0), cap),
            is_capped=found.get(report_id, 0) > cap,
            cap=cap,
        )
        for report_id in ids
    }


def linked_report_counts(
    report_ids: Iterable[int], cap: int = LINKED_CAP
) -> dict[int, LinkedCount]:
    """For each report, how many other reports name one of its identifiers (exact to the cap).

    Counts every report on the platform, whoever may see it: a number, never a list, as the
    priority score does."""
    ids = list(report_ids)
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        return _counted_in_postgresql(ids, cap)
    named: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for report_id, kind, value in Sighting.objects.filter(report_id__in=ids).values_list(
        "report_id", "type", "value"
    ):
        named[report_id].add((kind, value))
    pairs = sorted({pair for pairs in named.values() for pair in pairs})
    # The report itself may be among them: one more than the cap still proves "more than cap".
    naming = _reports_naming(pairs, cap + 2)
    counts: dict[int, LinkedCount] = {}
    for report_id in ids:
        others: set[int] = set()
        for pair in named.get(report_id, ()):
            others |= naming.get(pair, set())
            if len(others) > cap + 1:
                break
        others.discard(report_id)
        counts[report_id] = LinkedCount(
            value=min(len(others), cap), is_capped=len(others) > cap, cap=cap
        )
    return counts
