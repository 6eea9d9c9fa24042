"""Creating the months ahead, every day, before rows need them.

Each table is handled in its own transaction under an advisory lock, so two runs at once (two
beat schedulers, a command during the job) wait for each other and the second finds the work
done. Rows that already sit in the DEFAULT partition for a month being created (an import of
old reports, a clock set wrong) are moved into the new month in the same transaction.
"""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

import datetime
import logging

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from vigilance.core.partitions import catalog, convert, months
from vigilance.core.partitions.months import Month

logger = logging.getLogger("vigilance.partitions")

# The big append-only tables and the date each is partitioned by.
PARTITIONED_TABLES = {
    "intake_sighting": "created_at",
    "intake_reportevent": "created_at",
    "cases_caseevent": "at",
    "audit_auditevent": "at",
    "indicators_lookuptally": "day",
}
MONTHS_AHEAD = 3
LOCK_PREFIX = "vigilance.partitions:"
LOCK_TIMEOUT = "10s"


def partitions_ensure(
    *,
    months_ahead: int = MONTHS_AHEAD,
    today: datetime.date | None = None,
    using: str = DEFAULT_DB_ALIAS,
    split_default: bool = False,
) -> list[str]:
    """Create the partitions of this month and the ``months_ahead`` next ones that are missing,
    for every partitioned table; return the names created. Nothing to do on SQLite.

    ``split_default`` also gives a partition to every past month found in DEFAULT (after an
    import of old records, say), moving its rows there; the daily job does not scan DEFAULT.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    current = months.month_of(today or timezone.now())
    wanted = list(months.months_between(current, months.month_after(current, months_ahead)))
    created: list[str] = []
    for table, key in PARTITIONED_TABLES.items():
        try:
            created += _table_ensure(connection, table, key, wanted, current, split_default)
        except OperationalError as error:  # a lock not granted in time: tomorrow's run retries
            logger.warning("partitions of %s not created this time: %s", table, error)
    return created


def _table_ensure(
    connection: BaseDatabaseWrapper,
    table: str,
    key: str,
    wanted: list[Month],
    current: Month,
    split_default: bool,
) -> list[str]:
    """One table's missing months, in one transaction; the names created."""
    created = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK_PREFIX + table])
        # Creating a partition locks the table briefly; never queue behind a long read for long
        # (writers would queue behind the job in turn). The months ahead leave days to retry.
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        if not catalog.is_partitioned(cursor, table):
            return []
        present = set(catalog.partitions_of(cursor, table))
        found = _months_in_default(cursor, table, key, current) if split_default else []
        for month in sorted(set(wanted) | set(found)):
            name = months.partition_name(table, month)
            if name not in present:
                moved = partition_month_create(cursor, table=table, key=key, month=month)
                created.append(name)
                logger.info(
                    "partition %s created, %d row(s) moved into it from DEFAULT", name, moved
                )
    return created


def _months_in_default(cursor: CursorWrapper, table: str, key: str, current: Month) -> list[Month]:
    """The months of the rows in DEFAULT, within the span a conversion would create (Django's
    connections read dates in UTC, as the partition bounds are)."""
    default = months.default_partition_name(table)
    if default not in catalog.partitions_of(cursor, table):
        return []
    cursor.execute(
        f"SELECT DISTINCT extract(year FROM {key})::int, extract(month FROM {key})::int "  # nosec B608
        f"FROM {default}"
    )
    oldest = months.month_after(current, -convert.MONTHS_BACK_AT_MOST)
    newest = months.month_after(current, convert.MONTHS_FORWARD_AT_MOST)
    found = [(int(year), int(month)) for year, month in cursor.fetchall()]
    return [month for month in found if oldest <= month <= newest]


def partition_month_create(cursor: CursorWrapper, *, table: str, key: str, month: Month) -> int:
    """Create one month's partition; return how many rows it took over from DEFAULT."""
    name = months.partition_name(table, month)
    default = months.default_partition_name(table)
    start, end = months.month_bounds(month)
    moved = 0
    if default in catalog.partitions_of(cursor, table):
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {default} WHERE {key} >= %s AND {key} < %s)",  # nosec B608
            [start, end],
        )
        if cursor.fetchone()[0]:
            moved = _month_create_from_default(cursor, table, key, name, default, (start, end))
            convert.statement_triggers_copy(cursor, table=table, partition=name)
            return moved
    cursor.execute(convert.partition_create_sql(table, month))
    convert.statement_triggers_copy(cursor, table=table, partition=name)
    return moved


def _month_create_from_default(
    cursor: CursorWrapper, table: str, key: str, name: str, default: str, bounds: tuple[str, str]
) -> int:
    """Build the month as a plain table from the DEFAULT partition's rows, then attach it.

    The rows leave DEFAULT by a DELETE, which the DEFAULT partition's own row triggers may
    refuse (the audit trail's do): those are switched off for this one statement, inside the
    transaction, and the rows are the same rows, unchanged, in their new place.
    """
    columns = ", ".join(f'"{column}"' for column in catalog.columns_of(cursor, table))
    cursor.execute(
        f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE)"
    )
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal "
        "AND (tgtype & 1) = 1 AND (tgtype & 8) = 8 AND tgenabled <> 'D'",
        [default],
    )
    refusing = [row[0] for row in cursor.fetchall()]
    for trigger in refusing:
        cursor.execute(f"ALTER TABLE {default} DISABLE TRIGGER {trigger}")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {default} WHERE {key} >= %s AND {key} < %s "  # nosec B608
        f"RETURNING {columns}) INSERT INTO {name} ({columns}) SELECT {columns} FROM moved",
        list(bounds),
    )
    moved = cursor.rowcount
    for trigger in refusing:
        cursor.execute(f"ALTER TABLE {default} ENABLE TRIGGER {trigger}")
    cursor.execute(
        f"ALTER TABLE {table} ATTACH PARTITION {name} "
        f"FOR VALUES FROM ('{bounds[0]}') TO ('{bounds[1]}')"
    )
    return moved
