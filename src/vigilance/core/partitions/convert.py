"""Turning a plain table into one partitioned by month, and back (PostgreSQL).

The rows are copied in one ``INSERT ... SELECT`` into partitions that have no index yet, then
the indexes, constraints and triggers read from the old table are built once on the new one:
no per-row Python and no per-row trigger, so that 50 million rows take minutes, not hours. The
table keeps its name, owner, privileges, id sequence (name and current value) and, but for the
partition key added to its primary key and unique constraints, every definition it had.
"""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

import datetime
import re

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from vigilance.core.partitions import catalog, months
from vigilance.core.partitions.months import Month

# Rows older than this, or dated further ahead, go to the DEFAULT partition rather than create
# hundreds of months for a few wrong dates.
MONTHS_BACK_AT_MOST = 240
MONTHS_FORWARD_AT_MOST = 24
KEY_LIST = re.compile(r"^(PRIMARY KEY|UNIQUE(?: NULLS NOT DISTINCT)?) \((.*?)\)")
INDEX_COLUMNS = re.compile(r"USING (\w+) \((.*?)\)")


def table_partition(
    connection: BaseDatabaseWrapper,
    *,
    table: str,
    key: str,
    months_ahead: int = 3,
    fill: dict[str, str] | None = None,
    join: str = "",
    bounds_sql: str | None = None,
    today: datetime.date | None = None,
) -> None:
    """Partition ``table`` by month of ``key``; nothing on SQLite or when already done.

    ``fill`` gives SQL expressions (over the old table aliased ``old``, and ``join``) for columns
    computed during the copy; ``bounds_sql`` returns the (earliest, latest) key values when the
    key itself is filled that way.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if catalog.is_partitioned(cursor, table):
            return
        shape = catalog.table_shape(cursor, table)
        cursor.execute(bounds_sql or f"SELECT min({key}), max({key}) FROM {table}")  # nosec B608
        earliest, latest = cursor.fetchone()
        first, last = months_to_cover(earliest, latest, today or timezone.now(), months_ahead)
        old = f"{table}__unpartitioned"
        cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
        cursor.execute(
            f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS) "
            f"PARTITION BY RANGE ({key})"
        )
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {key} SET NOT NULL")
        for month in months.months_between(first, last):
            _partition_create(cursor, table, month)
        cursor.execute(
            f"CREATE TABLE {months.default_partition_name(table)} PARTITION OF {table} DEFAULT"
        )
        _copy(cursor, source=old, target=table, columns=shape.columns, fill=fill, join=join)
        cursor.execute(f"DROP TABLE {old}")
        _put_back(cursor, shape, key=key, partitioned=True)


def table_unpartition(connection: BaseDatabaseWrapper, *, table: str, key: str) -> None:
    """The way back: one plain table with the same rows and definitions, its primary key and
    unique constraints without the partition key they gained (when it ends their list)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not catalog.is_partitioned(cursor, table):
            return
        shape = catalog.table_shape(cursor, table)
        old = f"{table}__partitioned"
        cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
        cursor.execute(
            f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
        )
        _copy(cursor, source=old, target=table, columns=shape.columns)
        cursor.execute(f"DROP TABLE {old}")
        _put_back(cursor, shape, key=key, partitioned=False)


def months_to_cover(
    earliest: datetime.date | None,
    latest: datetime.date | None,
    today: datetime.date,
    months_ahead: int,
) -> tuple[Month, Month]:
    """The first and last month to create: the data's, and the months ahead of ``today``."""
    current = months.month_of(today)
    oldest_allowed = months.month_after(current, -MONTHS_BACK_AT_MOST)
    first = min(current, max(months.month_of(earliest), oldest_allowed) if earliest else current)
    last = months.month_after(current, months_ahead)
    if latest is not None:
        last = max(last, months.month_of(latest))
    return first, min(last, months.month_after(current, MONTHS_FORWARD_AT_MOST))


def partition_create_sql(table: str, month: Month) -> str:
    start, end = months.month_bounds(month)
    return (
        f"CREATE TABLE {months.partition_name(table, month)} PARTITION OF {table} "
        f"FOR VALUES FROM ('{start}') TO ('{end}')"
    )


def statement_triggers_copy(cursor: CursorWrapper, *, table: str, partition: str) -> None:
    """Give a partition the parent's statement-level triggers (TRUNCATE ones, say), which
    PostgreSQL, unlike row-level ones, does not clone: truncating one partition must be refused
    as truncating the table is."""
    present = {trigger.name for trigger in catalog.triggers_of(cursor, partition)}
    for trigger in catalog.triggers_of(cursor, table):
        if trigger.is_row or trigger.name in present:
            continue
        cursor.execute(_on_table(trigger.definition, table, partition))
        if not trigger.is_enabled:
            cursor.execute(f"ALTER TABLE {partition} DISABLE TRIGGER {trigger.name}")


def _partition_create(cursor: CursorWrapper, table: str, month: Month) -> None:
    cursor.execute(partition_create_sql(table, month))


def _copy(
    cursor: CursorWrapper,
    *,
    source: str,
    target: str,
    columns: list[str],
    fill: dict[str, str] | None = None,
    join: str = "",
) -> None:
    fill = fill or {}
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(fill.get(column, f'old."{column}"') for column in columns)
    cursor.execute(f"INSERT INTO {target} ({names}) SELECT {values} FROM {source} AS old {join}")  # nosec B608


def _put_back(
    cursor: CursorWrapper, shape: catalog.TableShape, *, key: str, partitioned: bool
) -> None:
    table = shape.table
    order = {"p": 0, "u": 1, "x": 2, "f": 3}
    for constraint in sorted(shape.constraints, key=lambda item: order[item.kind]):
        definition = constraint.definition
        if constraint.kind in "pu":
            definition = _key_list_adjusted(constraint, key=key, partitioned=partitioned)
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {constraint.name} {definition}")
    for definition, unique in shape.indexes:
        definition = definition.replace(" ON ONLY ", " ON ", 1)
        if partitioned and unique:
            definition = INDEX_COLUMNS.sub(lambda match: _with_key(match, key), definition, count=1)
        cursor.execute(definition)
    partitions = catalog.partitions_of(cursor, table) if partitioned else []
    for trigger in shape.triggers:
        cursor.execute(trigger.definition)
        if not trigger.is_enabled:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger.name}")
    for partition in partitions:
        statement_triggers_copy(cursor, table=table, partition=partition)
    _sequence_put_back(cursor, shape)
    cursor.execute("SELECT current_user")
    if cursor.fetchone()[0] != shape.owner:
        for name in [table, *partitions]:
            cursor.execute(f'ALTER TABLE {name} OWNER TO "{shape.owner}"')
    for grant in shape.grants:
        cursor.execute(grant)


def _sequence_put_back(cursor: CursorWrapper, shape: catalog.TableShape) -> None:
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [shape.table])
    sequence = cursor.fetchone()[0]
    if not sequence or not shape.sequence or shape.sequence_value is None:
        return
    if sequence != shape.sequence:
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {shape.sequence.split('.')[-1]}")
        sequence = shape.sequence
    last_value, is_called = shape.sequence_value
    cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])


def _key_list_adjusted(constraint: catalog.Constraint, *, key: str, partitioned: bool) -> str:
    """A primary key or unique constraint with the partition key appended (partitioned), or
    removed again when it is the last of several columns (plain)."""
    columns = list(constraint.columns)
    if partitioned and key not in columns:
        columns.append(key)
    elif not partitioned and len(columns) > 1 and columns[-1] == key:
        columns.pop()
    else:
        return constraint.definition
    listed = ", ".join(f'"{column}"' for column in columns)
    return KEY_LIST.sub(lambda match: f"{match.group(1)} ({listed})", constraint.definition)


def _with_key(match: re.Match[str], key: str) -> str:
    listed = [part.strip() for part in match.group(2).split(",")]
    if key not in listed and f'"{key}"' not in listed:
        listed.append(key)
    return f"USING {match.group(1)} ({', '.join(listed)})"


def _on_table(definition: str, table: str, partition: str) -> str:
    return re.sub(rf" ON (?:\S+\.)?{re.escape(table)} ", f" ON {partition} ", definition, count=1)
