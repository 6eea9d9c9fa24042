"""Candidates for a search: each way of matching takes, from its own index and in no order, at
most ``MATCH_BOUND`` rows of a scope (the reader's need-to-know and the filters); only those are
ordered newest first, at most ``RANKED_CANDIDATES`` per way. A way that is common (or reaches its
bound) is taken from the date order instead. ``search`` decides the ways and ranks the result.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from vigilance.cases.selectors.search_identifiers import Named

# Each way of matching brings at most this many candidates, the most recent ones, so that a
# common word over ten million reports costs a bounded amount of work; past them the person is
# asked to refine the search.
RANKED_CANDIDATES = 1000
# Each way of matching first takes at most this many rows from its own index, unordered: asked
# for the newest matches, the planner would walk the date index and test every report for a
# rare word or a fragment (seconds at ten million reports).
MATCH_BOUND = 5000
# A scope's arms (``access.reports_visible_arms``), of rows from a moment on when one is given.
Arms = Callable[[Any], list[QuerySet[Any]]]
# The part of the ids naming the identifiers found: direct matches, first among them.
NAMED_PART = -1


@dataclass(frozen=True)
class Candidates:
    """The ids to rank, direct matches first, and whether a way of matching reached its bound."""

    ids: list[int]
    direct: frozenset[int]
    capped: bool


def candidates_gather(
    scope: QuerySet[Any],
    direct: list[Q],
    words: Q,
    *,
    common_words: bool,
    named: Named | None = None,
    arms: Arms | None = None,
) -> Candidates:
    """Up to ``RANKED_CANDIDATES`` ids of ``scope`` (the gate, the filters, newest first) per
    condition: ``named`` (the ids of what names the identifiers found, already within the
    scope), the conditions of ``direct`` (found first), then the words. Each condition is taken
    bounded from its own index, in one statement, unless it is common (the words when
    ``common_words``, or a condition that reached its bound): then from the date order.
    With ``arms`` (whose union is ``scope``: ``access``'s arms of need-to-know, for a reader
    who sees a small part of the reports), each arm is read on its own."""
    conditions = [*direct, words]
    words_part = len(direct)
    bounded = direct if common_words else conditions
    sources = arms(None) if arms else [scope]
    found, rows = _bounded_rows(scope, sources, bounded)
    walked = [number for number, taken in enumerate(found) if taken >= MATCH_BOUND]
    if common_words:
        walked.append(words_part)
    for number in walked:
        # So many match that the newest are close at hand: the date order finds them fast.
        rows = [row for row in rows if row[1] != number]
        rows += [(pk, number) for pk in _newest(scope, arms, conditions[number])]
    if named is not None:
        rows += [(pk, NAMED_PART) for pk in named.ids]
    found_per_part = Counter(part for _pk, part in rows)
    ids = dict.fromkeys(pk for pk, part in sorted(rows, key=lambda row: row[1]))
    direct_ids = frozenset(pk for pk, part in rows if part != words_part)
    bound_reached = any(count >= MATCH_BOUND for count in found)
    capped = (
        bound_reached
        or (named is not None and named.more)
        or len(ids) > RANKED_CANDIDATES
        or RANKED_CANDIDATES in found_per_part.values()
    )
    return Candidates(ids=list(ids)[:RANKED_CANDIDATES], direct=direct_ids, capped=capped)


def _newest(scope: QuerySet[Any], arms: Arms | None, condition: Q) -> list[int]:
    """The newest ``RANKED_CANDIDATES`` ids of the scope that meet the condition. Through arms,
    the first one's newest, then the others' filed since the last of those (decision 0050)."""
    order = [str(name) for name in scope.query.order_by]
    if arms is None:
        return list(scope.filter(condition).values_list("pk", flat=True)[:RANKED_CANDIDATES])
    columns = [name.lstrip("-") for name in order if name.lstrip("-") != "pk"]

    def newest(source: QuerySet[Any]) -> list[tuple[Any, ...]]:
        taken = source.filter(condition).order_by(*order).values_list(*columns, "pk")
        return list(taken[:RANKED_CANDIDATES])

    first, *_rest = arms(None)
    rows = newest(first)
    since = rows[-1][0] if len(rows) == RANKED_CANDIDATES else None
    for source in arms(since)[1:]:
        rows += newest(source)
    # Every column of the order is descending (newest first, then the highest id).
    merged = sorted(set(rows), reverse=True)[:RANKED_CANDIDATES]
    return [row[-1] for row in merged]


def _bounded_rows(
    scope: QuerySet[Any], sources: list[QuerySet[Any]], conditions: list[Q]
) -> tuple[list[int], list[tuple[int, int]]]:
    """How many ids each condition took, and the (id, condition's number) rows kept."""
    if not conditions:
        return [], []
    statement, params = _bounded_statement(scope, sources, conditions)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        fetched = cursor.fetchall()
    found = list(fetched[0][: len(conditions)])
    return found, [(row[-2], row[-1]) for row in fetched if row[-2] is not None]


def _bounded_statement(
    scope: QuerySet[Any], sources: list[QuerySet[Any]], conditions: list[Q]
) -> tuple[str, list[Any]]:
    """One statement: each condition takes at most ``MATCH_BOUND`` ids of each source (the
    scope, or its arms) from its own index, in no order (an order would let the planner walk
    the date index instead), once (a materialised ``WITH``); then up to ``RANKED_CANDIDATES``
    of them per condition, newest first. Each row carries how many ids each condition took (a
    row without an id when nothing was found). Built from Django's own SQL for these
    querysets, parameters kept apart."""
    taken, counts, parts = [], [], []
    params: list[Any] = []
    for number, condition in enumerate(conditions):
        each = [
            source.filter(condition).order_by().values("pk")[:MATCH_BOUND] for source in sources
        ]
        bounded = each[0].union(*each[1:]) if len(each) > 1 else each[0]
        sql, bounded_params = bounded.query.sql_with_params()
        taken.append(f"taken_{number} AS MATERIALIZED ({sql})")
        counts.append(f"(SELECT COUNT(*) FROM taken_{number})")  # noqa: S608  # nosec B608
        params += bounded_params
    for number in range(len(conditions)):
        ids = RawSQL(f"SELECT pk FROM taken_{number}", [])  # noqa: S608, S611  # nosec B608 B611
        part = (
            scope.model.objects.filter(pk__in=ids)
            .order_by(*scope.query.order_by)
            .annotate(part=Value(number))
            .values_list("pk", "part")[:RANKED_CANDIDATES]
        )
        sql, part_params = part.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608  # nosec B608
        params += part_params
    statement = (
        f"WITH {', '.join(taken)} SELECT {', '.join(counts)}, found.* FROM (SELECT 1) AS one "  # noqa: S608  # nosec B608
        f"LEFT JOIN ({' UNION ALL '.join(parts)}) AS found ON 1 = 1"
    )
    return statement, params
