"""Sightings are written and deleted here, and ``IdentifierReports`` kept right in the same
transaction: for each identifier, the ids of the reports naming it, all of them up to
``REPORT_IDS_KEPT`` and that many beyond (docs/decisions/0037).

A row already holding ``REPORT_IDS_KEPT`` ids is read without a lock and left alone, so the
reports naming a scam number everyone names never write (nor wait on) its row. New rows are
inserted, and rows locked, in ``(type, value)`` order, so two intakes naming the same
identifiers cannot deadlock.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q, QuerySet

from vigilance.intake.models import REPORT_IDS_KEPT, IdentifierReports, Sighting

Pair = tuple[str, str]


def _matching(pairs: Iterable[Pair]) -> Q:
    condition = Q(pk__in=[])
    for kind, value in pairs:
        condition |= Q(type=kind, value=value)
    return condition


def _kept(report_ids: Iterable[int]) -> list[int]:
    return sorted(set(report_ids))[:REPORT_IDS_KEPT]


def _add(named: dict[Pair, set[int]]) -> None:
    rows = {
        (row.type, row.value): row.report_ids
        for row in IdentifierReports.objects.filter(_matching(named))
    }
    todo = {
        pair: ids
        for pair, ids in named.items()
        if pair not in rows or (len(rows[pair]) < REPORT_IDS_KEPT and not ids <= set(rows[pair]))
    }
    if not todo:
        return
    IdentifierReports.objects.bulk_create(
        [
            IdentifierReports(type=kind, value=value)
            for kind, value in sorted(todo)
            if (kind, value) not in rows
        ],
        ignore_conflicts=True,
    )
    changed = []
    for row in (
        IdentifierReports.objects.select_for_update()
        .filter(_matching(todo))
        .order_by("type", "value")
    ):
        kept = _kept([*row.report_ids, *todo[(row.type, row.value)]])
        if kept != row.report_ids:
            row.report_ids = kept
            changed.append(row)
    IdentifierReports.objects.bulk_update(changed, ["report_ids"])


def identifier_reports_add(sightings: Iterable[Sighting]) -> None:
    """Count the reports of saved ``sightings`` among those naming their identifiers."""
    named: dict[Pair, set[int]] = defaultdict(set)
    for sighting in sightings:
        named[(sighting.type, sighting.value)].add(sighting.report_id)
    if named:
        _add(named)


def identifier_reports_refresh(pairs: Iterable[Pair]) -> None:
    """Read again from the sightings the reports naming each identifier (after a deletion):
    one bounded look-up per identifier, its row locked meanwhile; a row left empty goes."""
    for kind, value in sorted(set(pairs)):
        row, _ = IdentifierReports.objects.select_for_update().get_or_create(type=kind, value=value)
        naming = (
            Sighting.objects.filter(type=kind, value=value)
            .order_by("report_id")
            .values_list("report_id", flat=True)
            .distinct()
        )
        kept = list(naming[:REPORT_IDS_KEPT])
        if not kept:
            row.delete()
        elif kept != row.report_ids:
            row.report_ids = kept
            row.save(update_fields=["report_ids"])


@transaction.atomic
def sightings_save(sightings: Sequence[Sighting]) -> list[Sighting]:
    """Save new sightings (of saved reports) and count their reports per identifier."""
    saved = Sighting.objects.bulk_create(sightings)
    identifier_reports_add(saved)
    return saved


@transaction.atomic
def sightings_delete(sightings: QuerySet[Sighting]) -> None:
    """Delete sightings and take their reports off the identifiers they no longer name."""
    pairs = set(sightings.values_list("type", "value"))
    sightings.delete()
    identifier_reports_refresh(pairs)
