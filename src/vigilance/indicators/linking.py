"""Counting a report on the indicators it names, as it is saved: creating the indicators that
are new, counting reports, reporters and verified reporters, and the cap beyond which a value
no longer links reports together (docs/decisions/0005-correlation.md).

A few index look-ups per report whatever the size of the tables; on PostgreSQL one statement.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Q

from vigilance.core.prepared import prepared_execute
from vigilance.indicators.models import (
    Indicator,
    IndicatorStatus,
    Tlp,
    VerifiedReporter,
)
from vigilance.indicators.services import Named, indicators_ensure
from vigilance.indicators.warning_list import is_warning_listed


@dataclass(frozen=True)
class Naming:
    """One value a report names, and whether its reporter names it for the first time."""

    type: str
    value: str
    provider: str = ""
    is_new_reporter: bool = True


@dataclass(frozen=True)
class Counted:
    """The indicator a counted value names, and whether this report may link to it."""

    indicator_id: int
    may_link: bool


def may_link(*, report_count: int, is_warning_listed: bool) -> bool:
    """Whether the report counted as the ``report_count``-th on a value may link to it: never
    for a warning-listed value, and only up to ``INDICATOR_LINK_CAP`` reports."""
    return not is_warning_listed and report_count <= settings.INDICATOR_LINK_CAP


def indicators_count(
    *, named: Sequence[Naming], category: str, seen_at: datetime
) -> dict[tuple[str, str], Counted]:
    """Count one report on each value named, creating the indicators that are new."""
    by_key = {(item.type, item.value): item for item in named}
    if not by_key:
        return {}
    if connection.vendor == "postgresql":
        rows = _count_in_one_statement(by_key, category=category, seen_at=seen_at)
    else:
        rows = _count_one_by_one(by_key, category=category, seen_at=seen_at)
    return {
        (kind, value): Counted(
            indicator_id=indicator_id,
            may_link=may_link(report_count=report_count, is_warning_listed=listed),
        )
        for indicator_id, kind, value, report_count, listed in rows
    }


_Row = tuple[int, str, str, int, bool]


def _count_one_by_one(
    by_key: dict[tuple[str, str], Naming], *, category: str, seen_at: datetime
) -> list[_Row]:
    """SQLite: one writer at a time, so the figures read before counting stay true."""
    indicators = indicators_ensure(
        Named(type=item.type, value=item.value, provider=item.provider) for item in by_key.values()
    )
    rows: list[_Row] = []
    for key, item in by_key.items():
        indicator = indicators[key]
        changes: dict[str, object] = {"report_count": F("report_count") + 1, "last_seen": seen_at}
        if item.is_new_reporter:
            changes["reporter_count"] = F("reporter_count") + 1
        if indicator.first_seen is None:
            changes["first_seen"] = seen_at
        if category and category not in indicator.categories:
            changes["categories"] = [*indicator.categories, category][-20:]
        Indicator.objects.filter(pk=indicator.pk).update(**changes)
        rows.append((indicator.pk, *key, indicator.report_count + 1, indicator.is_warning_listed))
    return rows


def _count_in_one_statement(
    by_key: dict[tuple[str, str], Naming], *, category: str, seen_at: datetime
) -> list[_Row]:
    """PostgreSQL: create or count every indicator named, in one round trip.

    Rows are taken in (type, value) order so that concurrent reports lock them in the same
    order; each row's lock makes concurrent counts of one value add up.
    """
    params: list[Any] = []
    for kind, value in sorted(by_key):
        item = by_key[(kind, value)]
        params += [kind, value, item.provider, IndicatorStatus.UNVERIFIED, Tlp.AMBER]
        params += [int(item.is_new_reporter), json.dumps([category]), seen_at, seen_at]
        params += [is_warning_listed(kind, value), seen_at]
    values = ", ".join(["(%s, %s, %s, %s, %s, 1, %s, 0, %s::jsonb, %s, %s, %s, %s)"] * len(by_key))
    with connection.cursor() as cursor:
        prepared_execute(cursor, _UPSERT.format(values=values), params)
        return [tuple(row) for row in cursor.fetchall()]


# A new indicator's reporter is always new; an existing one's is new as the caller says.
_UPSERT = """
INSERT INTO indicators_indicator AS i (type, value, provider, status, tlp, report_count,
    reporter_count, verified_reporter_count, categories, first_seen, last_seen,
    is_warning_listed, created_at)
VALUES {values}
ON CONFLICT (type, value) DO UPDATE SET
    report_count = i.report_count + 1,
    reporter_count = i.reporter_count + EXCLUDED.reporter_count,
    first_seen = COALESCE(i.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(i.last_seen, EXCLUDED.last_seen),
    categories = CASE WHEN i.categories @> EXCLUDED.categories THEN i.categories
        ELSE i.categories || EXCLUDED.categories END
RETURNING id, type, value, report_count, is_warning_listed
"""


def indicators_count_verified(*, indicator_ids: Iterable[int], reporter_key: str) -> None:
    """One verified reporter more on each of these indicators, unless this reporter (a keyed
    hash) already counted there: counting the same report or person again changes nothing."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_COUNT_VERIFIED, [reporter_key, ids])
        return
    for indicator_id in ids:
        _row, created = VerifiedReporter.objects.get_or_create(
            indicator_id=indicator_id, reporter_key=reporter_key
        )
        if created:
            Indicator.objects.filter(pk=indicator_id).update(
                verified_reporter_count=F("verified_reporter_count") + 1
            )


# The unique (indicator, reporter_key) row decides, even for two reports counted at once.
_COUNT_VERIFIED = """
WITH added AS (
    INSERT INTO indicators_verifiedreporter (indicator_id, reporter_key, created_at)
    SELECT id, %s::varchar, now() FROM unnest(%s::bigint[]) AS id
    ON CONFLICT (indicator_id, reporter_key) DO NOTHING
    RETURNING indicator_id
)
UPDATE indicators_indicator SET verified_reporter_count = verified_reporter_count + 1
WHERE id IN (SELECT indicator_id FROM added)
"""


def indicator_ids(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The ids of the indicators of these (type, value) pairs that exist."""
    condition = Q()
    for kind, value in set(keys):
        condition |= Q(type=kind, value=value)
    if not condition:
        return {}
    return {
        (kind, value): pk
        for pk, kind, value in Indicator.objects.filter(condition).values_list(
            "pk", "type", "value"
        )
    }
