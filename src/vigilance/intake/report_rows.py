"""A new report, numbered, and the first entry of its history, written as a filing writes them.

The report takes the year's next number from its counter row, which stays locked until the
filing commits (docs/decisions/0002-report-references.md). On PostgreSQL the number, the report
and its event go in one statement whose text is built once per process from the models' fields: Django built the report's fifty-column ``INSERT`` anew for every filing, and it
cost more of the web worker's CPU than the database spent storing the row. Values are prepared
by each field as ``Model.save`` prepares them (defaults, ``auto_now_add``, JSON, UUIDs); no
signal is connected to either model. Elsewhere (SQLite) the ORM saves them.
"""

from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from vigilance.core.prepared import prepared_execute
from vigilance.intake import tracking
from vigilance.intake.models import Report, ReportEvent

_TAKE_NEXT_NUMBER = (
    "INSERT INTO intake_referencecounter (year, last_number) VALUES (%s, 1) "
    "ON CONFLICT (year) DO UPDATE SET last_number = intake_referencecounter.last_number + 1 "
    "RETURNING last_number"
)
# The reference made from the number taken, in SQL as ``tracking.format_reference`` makes it:
# the year's prefix, then the number on at least ``REFERENCE_DIGITS`` digits.
_REFERENCE = (
    "%s || lpad(number.last_number::text, greatest(%s, length(number.last_number::text)), '0')"
)


@cache
def _written_fields(model: type[Model]) -> tuple[Field, ...]:
    return tuple(field for field in model._meta.concrete_fields if not field.primary_key)


def _columns(fields: tuple[Field, ...]) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _event_fields() -> tuple[Field, ...]:
    """The event's fields but its report, whose id the statement takes from the report's row."""
    return tuple(field for field in _written_fields(ReportEvent) if field.name != "report")


_NUMBERED_REPORT_AND_EVENT = (
    "WITH number AS ({take_number}), "
    "report AS (INSERT INTO intake_report ({report_columns}) SELECT {report_values} FROM number "
    "RETURNING id, reference), "
    "event AS (INSERT INTO intake_reportevent (report_id, {event_columns}) "
    "SELECT report.id, {event_values} FROM report RETURNING id) "
    "SELECT report.id, report.reference, event.id FROM report, event"
)


@cache
def _report_fields() -> tuple[Field, ...]:
    """The report's fields but its reference, which the statement makes from the number."""
    return tuple(field for field in _written_fields(Report) if field.name != "reference")


@cache
def numbered_report_and_event_sql() -> str:
    report_fields, event_fields = _report_fields(), _event_fields()
    return _NUMBERED_REPORT_AND_EVENT.format(
        take_number=_TAKE_NEXT_NUMBER,
        report_columns=_columns((Report._meta.get_field("reference"), *report_fields)),
        report_values=", ".join([_REFERENCE] + ["%s"] * len(report_fields)),
        event_columns=_columns(event_fields),
        event_values=", ".join(["%s"] * len(event_fields)),
    )


def _values(row: Model, fields: tuple[Field, ...]) -> list[Any]:
    return [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]


def _saved(row: Model, pk: int) -> None:
    row.pk = pk
    row._state.adding = False
    row._state.db = connection.alias


def _next_number(year: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_NEXT_NUMBER, [year])
        (number,) = cursor.fetchone()
    return int(number)


def numbered_report_and_event_insert(report: Report, event: ReportEvent, *, year: int) -> None:
    """Give the unsaved ``report`` the next reference of ``year`` and insert it with ``event``
    (which names it), setting their ids. Call it as late as the filing allows: every other
    filing waits for the counter row from here to the commit."""
    if connection.vendor != "postgresql":
        report.reference = tracking.format_reference(year, _next_number(year))
        report.save(force_insert=True)
        event.report = report
        event.save(force_insert=True)
        return
    params: list[Any] = [year, tracking.reference_prefix(year), tracking.REFERENCE_DIGITS]
    params += _values(report, _report_fields())
    params += _values(event, _event_fields())
    with connection.cursor() as cursor:
        prepared_execute(cursor, numbered_report_and_event_sql(), params)
        report_id, report.reference, event_id = cursor.fetchone()
    _saved(report, report_id)
    event.report = report
    _saved(event, event_id)
