"""The migrations from today's plain tables to monthly partitions, with rows in them, and back
(and, on SQLite too, the sightings dated from their reports).

Migrating back to the migrations before them and forward again checks both ways on the real
schema of the test database, with whatever indexes other migrations added to these tables.
"""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.core.partitions_support import AUDIT_TEST_KEY, audit_events_at, partition_holding
from tests.factories import report_draft
from tests.support.migrations import migrate_to, migrate_to_latest
from vigilance.accounts.models import Unit, User
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.services import audit_record
from vigilance.cases.services import lifecycle
from vigilance.core.partitions import PARTITIONED_TABLES, catalog
from vigilance.indicators.models import LookupTally
from vigilance.intake import services, staff
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)
PARTITIONING = [
    ("intake", "0014_sighting_created_at_and_monthly_partitions"),
    ("cases", "0007_caseevent_monthly_partitions"),
    ("audit", "0005_auditevent_monthly_partitions"),
    ("indicators", "0010_lookuptally_monthly_partitions"),
]
MARCH_2024 = dt.datetime(2024, 3, 10, 9, tzinfo=dt.UTC)
JULY_2025 = dt.datetime(2025, 7, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _audit_key(settings: SettingsWrapper) -> None:
    settings.AUDIT_KEYS = [AUDIT_TEST_KEY]


def before_partitioning() -> list[tuple[str, str]]:
    """The migration each partitioning one depends on in its own app, whatever it is now."""
    graph = MigrationExecutor(connection).loader.graph
    return [
        parent.key
        for key in PARTITIONING
        for parent in graph.node_map[key].parents
        if parent.key[0] == key[0]
    ]


def schema_of(table: str) -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass", [table])
        constraints = {row[0] for row in cursor.fetchall()}
        triggers = {trigger.name for trigger in catalog.triggers_of(cursor, table)}
    return {"indexes": indexes, "constraints": constraints, "triggers": triggers}


def count_and_last_id(table: str) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}")
        count, last = cursor.fetchone()
    return count, last


def old_rows_written(reports: list[Report]) -> None:
    """Rows of several months in the plain tables, as a platform running for years holds."""
    with connection.cursor() as cursor:
        for report, when in zip(reports, (MARCH_2024, JULY_2025), strict=False):
            cursor.execute(
                "UPDATE intake_report SET submitted_at = %s WHERE id = %s", [when, report.pk]
            )
            cursor.execute(
                "UPDATE intake_reportevent SET created_at = %s WHERE report_id = %s",
                [when, report.pk],
            )
            cursor.execute(
                "INSERT INTO intake_sighting (report_id, type, value, raw_value, provider, "
                "role, source, is_counted, reporter_key) VALUES "
                "(%s, 'phone', '+237699000001', '699000001', '', 'suspect', 'reporter', "
                "true, '')",
                [report.pk],
            )
        cursor.execute("UPDATE cases_caseevent SET at = %s", [JULY_2025])
        cursor.execute(
            "INSERT INTO indicators_lookuptally (day, type, value, count) VALUES "
            "('2024-12-31', 'phone', '+237699000001', 3), "
            "('2025-01-01', 'phone', '+237699000001', 4)"
        )
    audit_events_at(
        dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=dt.UTC),
        JULY_2025,
        dt.datetime(2040, 1, 1, tzinfo=dt.UTC),  # beyond the months made: DEFAULT
    )


@postgresql_only
def test_the_migration_puts_every_row_in_its_month_and_keeps_the_schema(
    triage_officer: User, investigator_littoral: User
) -> None:
    reports = [services.report_submit(draft=report_draft(), channel="web").report for _ in range(3)]
    routed = staff.report_route(
        report=reports[2], unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    lifecycle.case_open(report=routed, actor=investigator_littoral)
    partitioned_schema = {table: schema_of(table) for table in PARTITIONED_TABLES}
    try:
        migrate_to(before_partitioning())
        with connection.cursor() as cursor:
            assert not any(catalog.is_partitioned(cursor, table) for table in PARTITIONED_TABLES)
        plain_schema = {table: schema_of(table) for table in PARTITIONED_TABLES}
        old_rows_written(reports)
        before = {table: count_and_last_id(table) for table in PARTITIONED_TABLES}

        migrate_to_latest()

        with connection.cursor() as cursor:
            assert all(catalog.is_partitioned(cursor, table) for table in PARTITIONED_TABLES)
        for table in PARTITIONED_TABLES:
            assert count_and_last_id(table) == before[table], table
            after = schema_of(table)
            # The way back and forth keeps every index, constraint and trigger by name.
            assert after == partitioned_schema[table], table
            assert plain_schema[table]["indexes"] <= after["indexes"], table
            assert plain_schema[table]["triggers"] == after["triggers"], table
        assert {"audit_event_append_only", "audit_event_no_truncate"} <= schema_of(
            "audit_auditevent"
        )["triggers"]

        march = "intake_sighting_p202403"
        assert partition_holding("intake_sighting", "report_id = %s", [reports[0].pk]) == {march}
        assert set(
            Sighting.objects.filter(report=reports[1]).values_list("created_at", flat=True)
        ) == {JULY_2025}
        assert partition_holding("intake_reportevent", "report_id = %s", [reports[1].pk]) == {
            "intake_reportevent_p202507"
        }
        assert partition_holding("cases_caseevent", "true", []) == {"cases_caseevent_p202507"}
        assert partition_holding("indicators_lookuptally", "count IN (3, 4)", []) == {
            "indicators_lookuptally_p202412",
            "indicators_lookuptally_p202501",
        }
        assert partition_holding("audit_auditevent", "at < '2024-03-01'", []) == {
            "audit_auditevent_p202402"
        }
        assert partition_holding("audit_auditevent", "at > '2039-12-31'", []) == {
            "audit_auditevent_default"
        }

        # Ids go on from the same sequence; the chain goes on and verifies across months.
        tally = LookupTally.objects.create(day=timezone.localdate(), type="phone", value="x")
        assert tally.pk > before["indicators_lookuptally"][1]
        audit_record(actor=None, actor_label="job:test", action="test.after")
        assert audit_chain_verify().is_intact
    finally:
        migrate_to_latest()


def test_sightings_take_their_reports_submission_time() -> None:
    report = services.report_submit(draft=report_draft(), channel="web").report
    intake_before = [key for key in before_partitioning() if key[0] == "intake"]
    try:
        migrate_to(intake_before)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE intake_report SET submitted_at = %s WHERE id = %s", [JULY_2025, report.pk]
            )

        migrate_to_latest()

        times = set(Sighting.objects.filter(report=report).values_list("created_at", flat=True))
        assert times == {JULY_2025}
    finally:
        migrate_to_latest()
