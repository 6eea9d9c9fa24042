"""A new report and the first entry of its history, written as a filing writes them.

On PostgreSQL both rows go in one statement whose text is built once per process from the
models' fields: Django built the report's fifty-column ``INSERT`` anew for every filing, and it
cost more of the web worker's CPU than the database spent storing the row. Values are prepared
by each field as ``Model.save`` prepares them (defaults, ``auto_now_add``, JSON, UUIDs); no
signal is connected to either model. Elsewhere (SQLite) the ORM saves them.
"""

from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from vigilance.intake.models import Report, ReportEvent


@cache
def _written_fields(model: type[Model]) -> tuple[Field, ...]:
    return tuple(field for field in model._meta.concrete_fields if not field.primary_key)


def _columns(fields: tuple[Field, ...]) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _event_fields() -> tuple[Field, ...]:
    """The event's fields but its report, whose id the statement takes from the report's row."""
    return tuple(field for field in _written_fields(ReportEvent) if field.name != "report")


_REPORT_AND_EVENT = (
    "WITH report AS (INSERT INTO intake_report ({report_columns}) VALUES ({report_values}) "
    "RETURNING id), "
    "event AS (INSERT INTO intake_reportevent (report_id, {event_columns}) "
    "SELECT report.id, {event_values} FROM report RETURNING id) "
    "SELECT report.id, event.id FROM report, event"
)


@cache
def report_and_event_sql() -> str:
    report_fields, event_fields = _written_fields(Report), _event_fields()
    return _REPORT_AND_EVENT.format(
        report_columns=_columns(report_fields),
        report_values=", ".join(["%s"] * len(report_fields)),
        event_columns=_columns(event_fields),
        event_values=", ".join(["%s"] * len(event_fields)),
    )


def _values(row: Model, fields: tuple[Field, ...]) -> list[Any]:
    return [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]


def _saved(row: Model, pk: int) -> None:
    row.pk = pk
    row._state.adding = False
    row._state.db = connection.alias


def report_and_event_insert(report: Report, event: ReportEvent) -> None:
    """Insert the unsaved ``report`` and ``event`` (which names it), setting their ids."""
    if connection.vendor != "postgresql":
        report.save(force_insert=True)
        event.report = report
        event.save(force_insert=True)
        return
    params = _values(report, _written_fields(Report))
    params += _values(event, _event_fields())
    with connection.cursor() as cursor:
        cursor.execute(report_and_event_sql(), params)
        report_id, event_id = cursor.fetchone()
    _saved(report, report_id)
    event.report = report
    _saved(event, event_id)
