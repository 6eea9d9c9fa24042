"""Sightings are written and deleted here, and ``IdentifierReports`` kept right in the same
transaction: for each identifier, the ids of the reports naming it, all of them up to
``REPORT_IDS_KEPT`` and that many beyond (docs/decisions/0037).

A row already holding ``REPORT_IDS_KEPT`` ids is read without a lock and left alone, so the
reports naming a scam number everyone names never write (nor wait on) its row. New rows are
inserted, and rows locked, in ``(type, value)`` order, so two intakes naming the same
identifiers cannot deadlock. On PostgreSQL that is one statement (``_UPSERT``), run by the
database, whatever the number of identifiers (docs/decisions/0040).
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from vigilance.core.prepared import prepared_execute
from vigilance.intake.models import REPORT_IDS_KEPT, IdentifierReports, Sighting

Pair = tuple[str, str]
# Values per statement, below SQLite's oldest bound on parameters (999).
VALUES_PER_STATEMENT = 900


def _matching(pairs: Iterable[Pair]) -> Q:
    condition = Q(pk__in=[])
    for kind, value in pairs:
        condition |= Q(type=kind, value=value)
    return condition


_NAMING = "SELECT type, value, report_ids FROM intake_identifierreports WHERE {conditions}"


def reports_naming_sql(chunk: Sequence[tuple[str, int]]) -> str:
    """The read of ``reports_naming`` for these (type, number of values): the statement Django
    would build from ``Q(type=..., value__in=...)``, written once here because a filing reads it
    every time and Django spent more building it than the database answering it."""
    return _NAMING.format(
        conditions=" OR ".join(
            f"(type = %s AND value IN ({', '.join(['%s'] * count)}))" for _kind, count in chunk
        )
    )


def _report_ids(stored: str | list[int]) -> list[int]:
    # Django reads jsonb as text on PostgreSQL (its JSONField decodes it), as SQLite does.
    return json.loads(stored) if isinstance(stored, str) else stored


def reports_naming(pairs: set[Pair]) -> dict[Pair, list[int]]:
    """For each identifier, the report ids ``IdentifierReports`` keeps for it: one statement
    (per ``VALUES_PER_STATEMENT`` values), one index probe per identifier."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for kind, value in sorted(pairs):
        by_type[kind].append(value)
    chunks: list[list[tuple[str, list[str]]]] = [[]]
    size = 0
    for kind, values in by_type.items():
        for start in range(0, len(values), VALUES_PER_STATEMENT):
            part = values[start : start + VALUES_PER_STATEMENT]
            if size + len(part) > VALUES_PER_STATEMENT:
                chunks.append([])
                size = 0
            chunks[-1].append((kind, part))
            size += len(part)
    found: dict[Pair, list[int]] = {}
    with connection.cursor() as cursor:
        for chunk in chunks:
            if not chunk:
                continue
            cursor.execute(
                reports_naming_sql([(kind, len(values)) for kind, values in chunk]),
                [part for kind, values in chunk for part in (kind, *values)],
            )
            found.update(
                ((kind, value), _report_ids(report_ids))
                for kind, value, report_ids in cursor.fetchall()
            )
    return found


def _kept(report_ids: Iterable[int]) -> list[int]:
    return sorted(set(report_ids))[:REPORT_IDS_KEPT]


# The report ids of each named identifier merged into its row, sorted, the lowest
# ``REPORT_IDS_KEPT`` kept. Full rows are skipped before the upsert (an upsert locks the row it
# meets even when its ``WHERE`` leaves it unchanged); rows holding every id already are left as
# they are.
_UPSERT_FROM = """
INSERT INTO intake_identifierreports AS kept (type, value, report_ids)
SELECT named.type, named.value, to_jsonb(named.ids) FROM (
    SELECT type, value, array_agg(DISTINCT report_id ORDER BY report_id) AS ids
    FROM {named}
    GROUP BY type, value
) AS named
WHERE NOT EXISTS (
    SELECT 1 FROM intake_identifierreports AS full_row
    WHERE full_row.type = named.type AND full_row.value = named.value
    AND jsonb_array_length(full_row.report_ids) >= %(kept)s
)
ORDER BY named.type, named.value
ON CONFLICT (type, value) DO UPDATE SET report_ids = (
    SELECT to_jsonb((array_agg(merged.id ORDER BY merged.id))[1:%(kept)s])
    FROM (
        SELECT jsonb_array_elements(kept.report_ids)::bigint
        UNION SELECT jsonb_array_elements(EXCLUDED.report_ids)::bigint
    ) AS merged(id)
)
WHERE jsonb_array_length(kept.report_ids) < %(kept)s
AND NOT kept.report_ids @> EXCLUDED.report_ids
"""
_UPSERT = _UPSERT_FROM.format(
    named="unnest(%(types)s::varchar[], %(values)s::varchar[], %(reports)s::bigint[]) "
    "AS pair(type, value, report_id)"
)
# New sightings inserted and their reports merged into ``IdentifierReports`` in one statement:
# the upsert reads the sightings the statement inserts. The ids come back in the order of the
# arrays, as Django's own ``bulk_create`` takes them from the same ``unnest``.
_SAVE_AND_COUNT_FROM = """
WITH saved AS (
    INSERT INTO intake_sighting (report_id, indicator_id, type, value, raw_value, provider, role,
        source, is_counted, reporter_key, created_at)
    SELECT * FROM unnest(%(reports)s::bigint[], %(indicators)s::bigint[], %(types)s::varchar[],
        %(values)s::varchar[], %(raw_values)s::varchar[], %(providers)s::varchar[],
        %(roles)s::varchar[], %(sources)s::varchar[], %(counted)s::boolean[],
        %(reporter_keys)s::varchar[], %(created)s::timestamptz[])
    RETURNING id, type, value, report_id
), counted AS ({upsert})
SELECT id FROM saved
"""
# Only statement text is put together here; every value is a parameter.
_SAVE_AND_COUNT = _SAVE_AND_COUNT_FROM.replace("{upsert}", _UPSERT_FROM.format(named="saved"))


def _add_in_one_statement(named: dict[Pair, set[int]]) -> None:
    pairs = [(kind, value, report_id) for (kind, value), ids in named.items() for report_id in ids]
    types, values, reports = (list(column) for column in zip(*pairs, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT,
            {"types": types, "values": values, "reports": reports, "kept": REPORT_IDS_KEPT},
        )


def _add(named: dict[Pair, set[int]]) -> None:
    if connection.vendor == "postgresql":
        _add_in_one_statement(named)
        return
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


def _save_and_count_in_one_statement(sightings: Sequence[Sighting]) -> None:
    columns: dict[str, Any] = {
        "reports": [s.report_id for s in sightings],
        "indicators": [s.indicator_id for s in sightings],
        "types": [s.type for s in sightings],
        "values": [s.value for s in sightings],
        "raw_values": [s.raw_value for s in sightings],
        "providers": [s.provider for s in sightings],
        "roles": [s.role for s in sightings],
        "sources": [s.source for s in sightings],
        "counted": [s.is_counted for s in sightings],
        "reporter_keys": [s.reporter_key for s in sightings],
        "created": [s.created_at for s in sightings],
        "kept": REPORT_IDS_KEPT,
    }
    with connection.cursor() as cursor:
        prepared_execute(cursor, _SAVE_AND_COUNT, columns)
        for sighting, (pk,) in zip(sightings, cursor.fetchall(), strict=True):
            sighting.pk = pk
            sighting._state.adding = False
            sighting._state.db = connection.alias


@transaction.atomic(savepoint=False)
def sightings_save(sightings: Sequence[Sighting]) -> list[Sighting]:
    """Save new sightings (of saved reports) and count their reports per identifier: on
    PostgreSQL in one statement, elsewhere through the ORM and ``identifier_reports_add``."""
    if connection.vendor == "postgresql":
        if sightings:
            _save_and_count_in_one_statement(sightings)
        return list(sightings)
    saved = Sighting.objects.bulk_create(sightings)
    identifier_reports_add(saved)
    return saved


@transaction.atomic
def sightings_delete(sightings: QuerySet[Sighting]) -> None:
    """Delete sightings and take their reports off the identifiers they no longer name."""
    pairs = set(sightings.values_list("type", "value"))
    sightings.delete()
    identifier_reports_refresh(pairs)
