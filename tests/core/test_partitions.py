"""Monthly partitions: the months ahead, rows outside them, the audit guard on every partition,
and the platform's own writes on the partitioned tables. On SQLite the same code paths run on
plain tables."""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.core.partitions_support import AUDIT_TEST_KEY, audit_events_at, partition_holding
from tests.factories import report_draft
from vigilance.accounts.models import Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.services import audit_record
from vigilance.cases.models import CaseEvent
from vigilance.cases.services import lifecycle
from vigilance.core.partitions import PARTITIONED_TABLES, catalog, partitions_ensure
from vigilance.core.tasks import partitions_ensure_ahead
from vigilance.indicators import tallies
from vigilance.indicators.models import LookupTally
from vigilance.intake import services, staff
from vigilance.intake.models import ReportEvent, Sighting

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)
FAR_MONTH = dt.date(2031, 1, 10)  # no partition exists that far ahead


@pytest.fixture(autouse=True)
def _audit_key(settings: SettingsWrapper) -> None:
    settings.AUDIT_KEYS = [AUDIT_TEST_KEY]


def refused(statement: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_on_sqlite_nothing_is_partitioned_and_ensure_does_nothing() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL behaviour is tested below")
    assert partitions_ensure() == []
    assert partitions_ensure_ahead() == []


@postgresql_only
def test_every_big_table_is_partitioned_with_a_default_and_the_months_ahead() -> None:
    this_month = timezone.now().strftime("%Y%m")
    with connection.cursor() as cursor:
        for table in PARTITIONED_TABLES:
            assert catalog.is_partitioned(cursor, table), table
            names = catalog.partitions_of(cursor, table)
            assert f"{table}_default" in names
            assert f"{table}_p{this_month}" in names


@postgresql_only
def test_ensure_creates_the_months_ahead_and_a_second_run_finds_them() -> None:
    created = partitions_ensure(today=FAR_MONTH, months_ahead=2)

    expected = {f"{table}_p2031{month:02d}" for table in PARTITIONED_TABLES for month in (1, 2, 3)}
    assert set(created) == expected
    assert partitions_ensure(today=FAR_MONTH, months_ahead=2) == []
    with connection.cursor() as cursor:
        assert "audit_auditevent_p203103" in catalog.partitions_of(cursor, "audit_auditevent")


@postgresql_only
def test_the_command_reports_what_it_created() -> None:
    out = io.StringIO()
    call_command("partitions_ensure", "--months-ahead", "0", stdout=out)
    assert out.getvalue().endswith("0 partition(s) created\n")  # this month exists already


@postgresql_only
def test_a_row_beyond_the_months_lands_in_default_and_moves_when_its_month_is_made() -> None:
    LookupTally.objects.create(day=dt.date(2031, 2, 14), type="phone", value="+237699887766")
    LookupTally.objects.create(day=dt.date(2031, 5, 1), type="phone", value="+237699887766")
    where = "day = %s"
    assert partition_holding("indicators_lookuptally", where, [dt.date(2031, 2, 14)]) == {
        "indicators_lookuptally_default"
    }

    partitions_ensure(today=FAR_MONTH, months_ahead=2)

    assert partition_holding("indicators_lookuptally", where, [dt.date(2031, 2, 14)]) == {
        "indicators_lookuptally_p203102"
    }
    assert partition_holding("indicators_lookuptally", where, [dt.date(2031, 5, 1)]) == {
        "indicators_lookuptally_default"
    }
    assert LookupTally.objects.filter(day__year=2031).count() == 2


@postgresql_only
def test_split_default_gives_old_imported_rows_their_own_month() -> None:
    LookupTally.objects.create(day=dt.date(2020, 5, 17), type="phone", value="+237699887766")

    out = io.StringIO()
    call_command("partitions_ensure", "--split-default", stdout=out)

    assert "created indicators_lookuptally_p202005" in out.getvalue()
    assert partition_holding("indicators_lookuptally", "day = %s", [dt.date(2020, 5, 17)]) == {
        "indicators_lookuptally_p202005"
    }


@postgresql_only
def test_audit_events_moved_out_of_default_still_verify_and_stay_guarded() -> None:
    audit_record(actor=None, actor_label="job:test", action="test.partitions")
    audit_events_at(
        dt.datetime(2031, 2, 3, 10, tzinfo=dt.UTC), dt.datetime(2031, 7, 1, tzinfo=dt.UTC)
    )
    audit_record(actor=None, actor_label="job:test", action="test.partitions")
    moved = "sequence = %s"
    last_but_one = AuditEvent.objects.order_by("-sequence")[2].sequence
    assert partition_holding("audit_auditevent", moved, [last_but_one]) == {
        "audit_auditevent_default"
    }

    partitions_ensure(today=FAR_MONTH, months_ahead=1)

    assert partition_holding("audit_auditevent", moved, [last_but_one]) == {
        "audit_auditevent_p203102"
    }
    assert audit_chain_verify().is_intact
    assert refused("UPDATE audit_auditevent_p203102 SET action = 'test.changed'")
    assert refused("DELETE FROM audit_auditevent_p203102")
    assert refused("DELETE FROM audit_auditevent_default")  # its guard is back on (July)


@postgresql_only
def test_every_audit_partition_refuses_update_delete_and_truncate() -> None:
    audit_record(actor=None, actor_label="job:test", action="test.partitions")
    partitions_ensure(today=FAR_MONTH, months_ahead=0)
    with connection.cursor() as cursor:
        partitions = catalog.partitions_of(cursor, "audit_auditevent")
    assert "audit_auditevent_p203101" in partitions
    this_month = f"audit_auditevent_p{timezone.now():%Y%m}"
    assert refused(f"UPDATE {this_month} SET action = 'test.changed'")
    assert refused(f"DELETE FROM {this_month}")
    for partition in partitions:  # empty ones too: the same triggers wait for their rows
        assert refused(f"TRUNCATE {partition}"), partition
        with connection.cursor() as cursor:
            triggers = {trigger.name for trigger in catalog.triggers_of(cursor, partition)}
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgname = 'audit_event_append_only' AND tgenabled <> 'D'",
                [partition],
            )
            assert cursor.fetchone()[0] == 1, partition
        assert "audit_event_no_truncate" in triggers
    assert audit_chain_verify().is_intact


@postgresql_only
def test_the_audit_chain_verifies_across_months() -> None:
    audit_events_at(
        dt.datetime(2025, 11, 30, 23, 59, tzinfo=dt.UTC),
        timezone.now(),
        dt.datetime(2031, 1, 2, tzinfo=dt.UTC),
    )
    audit_record(actor=None, actor_label="job:test", action="test.partitions")

    holding = partition_holding("audit_auditevent", "action = %s", ["test.partitions"])

    assert len(holding) == 2  # this month's partition and DEFAULT (2025 and 2031)
    assert audit_chain_verify().is_intact


def test_a_report_dates_its_identifiers_and_its_history(triage_officer: User) -> None:
    before = timezone.now()
    report = services.report_submit(draft=report_draft(), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )

    sightings = Sighting.objects.filter(report=report)
    assert sightings.exists()
    assert all(sighting.created_at >= before for sighting in sightings)
    assert ReportEvent.objects.filter(report=report).count() >= 2
    if connection.vendor == "postgresql":
        month = f"_p{timezone.now():%Y%m}"
        where = "report_id = %s"
        assert partition_holding("intake_sighting", where, [report.pk]) == {
            "intake_sighting" + month
        }
        assert partition_holding("intake_reportevent", where, [report.pk]) == {
            "intake_reportevent" + month
        }


def test_a_case_timeline_is_written_and_read_in_order(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = services.report_submit(draft=report_draft(), channel="web").report
    report = staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    case = lifecycle.case_open(report=report, actor=investigator_littoral)

    events = list(CaseEvent.objects.filter(case=case))
    assert events
    assert events[0].kind == CaseEvent.Kind.OPENED
    if connection.vendor == "postgresql":
        assert partition_holding("cases_caseevent", "case_id = %s", [case.pk]) == {
            f"cases_caseevent_p{timezone.now():%Y%m}"
        }


def test_look_up_tallies_add_up_through_the_upsert(settings: SettingsWrapper) -> None:
    settings.REDIS_URL = ""
    tallies.lookup_tally_record(type="phone", value="+237677000111")
    tallies.lookup_tally_record(type="phone", value="+237677000111")

    tally = LookupTally.objects.get(type="phone", value="+237677000111")
    assert tally.count == 2
    if connection.vendor == "postgresql":
        assert partition_holding("indicators_lookuptally", "id = %s", [tally.pk]) == {
            f"indicators_lookuptally_p{tally.day:%Y%m}"
        }


def test_an_audit_event_is_appended_and_verifies() -> None:
    event = audit_record(actor=None, actor_label="job:test", action="test.partitions")

    assert AuditEvent.objects.get(pk=event.pk).sequence == event.sequence
    assert audit_chain_verify().is_intact
