"""Whether a search's words are common among what a person sees, from PostgreSQL's statistics.

A common word's newest matches are close at hand in date order; a rare word's are not, and are
better taken from its own index (decision 0044). The share of rows holding each word comes from
what ``ANALYZE`` keeps of the stored search document (``pg_stats.most_common_elems``), through
the planner's estimate of a query, so that deciding costs a plan and no read of a row.
"""

import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from vigilance.cases.access import Reader
from vigilance.cases.models import Case
from vigilance.cases.selectors import search_text
from vigilance.intake.models import Report, ReportStatus

# The date order is walked for the words when the rows wanted are expected within this many
# rows of the table, read newest first (a 5 % share): past it, a walk tests more rows than
# taking the matches from the word's index would.
DATE_WALK_ROWS = 20_000
# A reader whose units' reports are expected to be at most this share of all the reports is
# read arm by arm of their need-to-know (decision 0050): testing every match of a word common
# elsewhere against their gate would cost twenty tests or more for each report they may see.
SMALL_PART = 0.05


def reports_owned(reader: Reader) -> QuerySet[Report]:
    """For estimates only, never as a gate: the reports routed to the reader's units, most of
    what they see (all reports for the coordination centre). Reports they are informed of or
    see through a shared case are left out: the planner cannot estimate those conditions, and
    leaving them out errs towards the bounded read, the path that is safe for rare words."""
    if reader.sees_everything:
        return Report.objects.all()
    return Report.objects.filter(unit_id__in=reader.unit_ids).exclude(status=ReportStatus.RECEIVED)


def cases_owned(reader: Reader) -> QuerySet[Case]:
    """For estimates only: the cases of the reader's units (all for the coordination centre)."""
    if reader.sees_everything:
        return Case.objects.all()
    return Case.objects.filter(owning_unit_id__in=reader.unit_ids)


def sees_a_small_part(reader: Reader) -> bool:
    """Whether the reports routed to the reader's units are expected to be at most
    ``SMALL_PART`` of all, from the planner's statistics on ``unit_id``; never on SQLite, nor
    for a reader who sees everything or nothing."""
    if reader.sees_everything or reader.sees_nothing or not search_text.is_full_text():
        return False
    every = _planned_rows(Report.objects.all())
    return every > 0 and _planned_rows(reports_owned(reader)) <= SMALL_PART * every


def words_are_common(
    owned: QuerySet[Any], words: Q, *, wanted: int, walking_owned: bool = False
) -> bool:
    """Whether ``wanted`` rows of ``owned`` (with the search's filters) holding the words are
    expected among the newest ``DATE_WALK_ROWS`` rows of the table, or of ``owned`` itself when
    the walk reads its own index (``walking_owned``: need-to-know taken arm by arm). Never on
    SQLite, which has no such statistics; an unanalysed table's default estimate answers no."""
    if not search_text.is_full_text() or owned.query.is_empty():
        return False
    matching = _planned_rows(owned.filter(words))
    every = _planned_rows(owned if walking_owned else owned.model.objects.all())
    return every > 0 and matching * DATE_WALK_ROWS >= wanted * every


def _planned_rows(queryset: QuerySet[Any]) -> float:
    """The planner's estimate of the rows of a query, which it does not run (none for a
    condition Django knows matches nothing, such as a reader without a unit)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])
