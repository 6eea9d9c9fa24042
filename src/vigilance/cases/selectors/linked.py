"""How many other reports a report is linked to: the distinct reports naming any of its
identifiers (the union, not the largest count of one identifier), bounded.

Two statements per page of reports, whatever the number of monthly partitions of the sightings:
the identifiers of the page's reports, then, for those identifiers, the ids of the reports naming
them from ``IdentifierReports`` (one row per identifier, unpartitioned, read by its unique
``(type, value)`` index; docs/decisions/0037). Each row holds every report id up to
``REPORT_IDS_KEPT`` (1,002) and that many beyond, so the union is exact up to ``LINKED_CAP``
and "1000+" beyond: a number named in 100,000 reports costs what one named in 1,002 does.
Only reports the reader may see are counted: nothing more for the coordination centre, who
sees every report; one need-to-know check of the kept ids for anyone else (docs/decisions/0048).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from vigilance.cases import access
from vigilance.intake.identifier_reports import reports_naming
from vigilance.intake.models import REPORT_IDS_KEPT, Sighting

LINKED_CAP = 1000
# A sighting is never named before its report was filed (less a moment: the intake builds them
# while it validates the report, which takes its submission time when saved).
SIGHTING_MARGIN = dt.timedelta(days=1)
# A list of every report proves the count; a cut one (``REPORT_IDS_KEPT`` ids, at least
# ``LINKED_CAP + 2``) proves "more than the cap" even when it holds the report itself.
if REPORT_IDS_KEPT < LINKED_CAP + 2:
    raise ImportError("IdentifierReports keeps too few report ids for LINKED_CAP")


@dataclass(frozen=True)
class LinkedCount:
    """Other reports sharing an identifier, up to ``LINKED_CAP``, "1000+" beyond."""

    value: int
    is_capped: bool
    cap: int = LINKED_CAP

    def __str__(self) -> str:
        return f"{self.cap}+" if self.is_capped else str(self.value)


NO_LINK = LinkedCount(value=0, is_capped=False)


def linked_report_counts(
    report_ids: Iterable[int],
    cap: int = LINKED_CAP,
    *,
    reader: access.Reader,
    submitted_from: dt.datetime | None = None,
) -> dict[int, LinkedCount]:
    """For each report, how many other reports the reader may see name one of its identifiers
    (exact to the cap, which may not pass ``LINKED_CAP``).

    A reader who sees every report (the coordination centre, who triage) costs nothing more;
    for another, the kept ids are checked against their need-to-know in one more check, and a
    count taken from a cut list is a floor ("5+"). ``submitted_from``, the oldest submission
    among the reports, lets PostgreSQL skip the monthly partitions of the sightings before
    it."""
    ids = list(report_ids)
    if not ids:
        return {}
    sightings = Sighting.objects.filter(report_id__in=ids)
    if submitted_from is not None:
        sightings = sightings.filter(created_at__gte=submitted_from - SIGHTING_MARGIN)
    named: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for report_id, kind, value in sightings.values_list("report_id", "type", "value"):
        named[report_id].add((kind, value))
    naming = reports_naming({pair for pairs in named.values() for pair in pairs})
    if not reader.sees_everything:
        return _visible_counts(ids, named, naming, cap, reader)
    counts: dict[int, LinkedCount] = {}
    for report_id in ids:
        others: set[int] = set()
        for pair in named.get(report_id, ()):
            others.update(naming.get(pair, ()))
            if len(others) > cap + 1:
                break
        others.discard(report_id)
        counts[report_id] = LinkedCount(
            value=min(len(others), cap), is_capped=len(others) > cap, cap=cap
        )
    return counts


def _visible_counts(
    ids: list[int],
    named: dict[int, set[tuple[str, str]]],
    naming: dict[tuple[str, str], list[int]],
    cap: int,
    reader: access.Reader,
) -> dict[int, LinkedCount]:
    """The counts of a reader who does not see every report: only the kept ids they may see,
    a floor shown "N+" when a list was cut (the reports beyond it are not known)."""
    visible = access.reports_visible_among(reader, {pk for kept in naming.values() for pk in kept})
    counts: dict[int, LinkedCount] = {}
    for report_id in ids:
        pairs = named.get(report_id, set())
        others = {pk for pair in pairs for pk in naming.get(pair, ()) if pk in visible}
        others.discard(report_id)
        is_cut = any(len(naming.get(pair, ())) >= REPORT_IDS_KEPT for pair in pairs)
        value = min(len(others), cap)
        is_floor = is_cut or len(others) > cap
        counts[report_id] = LinkedCount(
            value=value, is_capped=is_floor, cap=value if is_floor else cap
        )
    return counts
