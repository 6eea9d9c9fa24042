"""The reports naming each identifier (``IdentifierReports``), kept with the sightings: right
after every way sightings are written or deleted, filled by its migration from existing rows,
and never written again for an identifier whose list is full."""

import importlib
import threading
from collections import defaultdict

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import report_draft
from vigilance.accounts.models import User
from vigilance.cases import access
from vigilance.cases.selectors.linked import linked_report_counts
from vigilance.intake import identifier_reports, services
from vigilance.intake.correlation import sighting_confirm
from vigilance.intake.identifier_reports import sightings_delete, sightings_save
from vigilance.intake.models import IdentifierReports, Report, Sighting, SightingSource

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("vigilance.intake.migrations.0015_identifier_reports")


def _submit(*values: str, description: str = "") -> Report:
    identifiers = [services.IdentifierInput(type="phone", value=value) for value in values]
    changes = {"description": description} if description else {}
    return services.report_submit(
        draft=report_draft(identifiers=identifiers, **changes), channel="web"
    ).report


def _kept() -> dict[tuple[str, str], list[int]]:
    return {
        (row.type, row.value): sorted(row.report_ids) for row in IdentifierReports.objects.all()
    }


def _from_sightings(kept: int = 1002) -> dict[tuple[str, str], list[int]]:
    naming: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kind, value, report_id in Sighting.objects.values_list("type", "value", "report_id"):
        naming[(kind, value)].add(report_id)
    return {pair: sorted(ids)[:kept] for pair, ids in naming.items()}


def test_filing_reports_keeps_the_reports_of_each_identifier() -> None:
    first = _submit("6 99 00 00 01", "6 99 00 00 02")
    second = _submit("6 99 00 00 01")
    _submit("6 99 00 00 03", description="Payez au 6 99 00 00 02 ou écrivez à x@example.net")

    assert _kept()[("phone", "+237699000001")] == [first.pk, second.pk]
    assert _kept() == _from_sightings()


def test_confirming_an_identifier_keeps_its_site_too(cirt_analyst: User) -> None:
    report = _submit("6 99 00 00 04")
    found = Sighting.objects.create(
        report=report,
        type="url",
        value="https://gagnez-vite.cm/inscription?id=1",
        raw_value="gagnez-vite.cm/inscription?id=1",
        source=SightingSource.EXTRACTED,
        is_counted=False,
    )
    # Written outside the services (as a test's shortcut): what the services would have kept.
    identifier_reports.identifier_reports_add([found])

    sighting_confirm(sighting=found, actor=cirt_analyst)

    assert ("domain", "gagnez-vite.cm") in _kept()
    assert _kept() == _from_sightings()


def test_deleting_sightings_takes_their_reports_off_and_empty_identifiers_away() -> None:
    first = _submit("6 99 00 00 05", "6 99 00 00 06")
    second = _submit("6 99 00 00 05")

    sightings_delete(Sighting.objects.filter(report=first))

    assert _kept()[("phone", "+237699000005")] == [second.pk]
    assert ("phone", "+237699000006") not in _kept()
    assert _kept() == _from_sightings()


def test_a_full_list_is_neither_written_nor_locked_by_the_next_reports(
    monkeypatch: pytest.MonkeyPatch, triage_officer: User
) -> None:
    monkeypatch.setattr(identifier_reports, "REPORT_IDS_KEPT", 3)
    hot = "6 50 00 00 00"
    reports = [_submit(hot, f"6 99 00 01 0{n}") for n in range(3)]
    assert _kept()[("phone", "+237650000000")] == [r.pk for r in reports]

    with CaptureQueriesContext(connection) as queries:
        later = _submit(hot, "6 99 00 01 09")

    if connection.vendor == "sqlite":
        written = [
            q["sql"]
            for q in queries.captured_queries
            if "intake_identifierreports" in q["sql"] and "+237650000000" in q["sql"]
        ]
        assert all(sql.lstrip().upper().startswith("SELECT") for sql in written)
        assert not any("FOR UPDATE" in sql for sql in written)
    assert _kept()[("phone", "+237650000000")] == [r.pk for r in reports]
    # Three kept ids prove "more than one other" for every report naming it, the later too.
    everything = access.reader_resolve(triage_officer)
    counted = linked_report_counts([reports[0].pk, later.pk], cap=1, reader=everything)
    assert counted[reports[0].pk].is_capped
    assert counted[later.pk].is_capped


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_filing_naming_a_full_identifier_leaves_its_row_unlocked_on_postgresql(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While a filing naming the hot value is still open, another filing may lock its row."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    monkeypatch.setattr(identifier_reports, "REPORT_IDS_KEPT", 3)
    for n in range(3):
        _submit("6 50 00 00 00", f"6 99 00 03 0{n}")
    filed, checked = threading.Event(), threading.Event()

    def file_and_wait() -> None:
        try:
            with transaction.atomic():
                _submit("6 50 00 00 00", "6 99 00 03 09")
                filed.set()
                checked.wait(timeout=30)
        finally:
            filed.set()
            connections.close_all()

    filing = threading.Thread(target=file_and_wait)
    filing.start()
    try:
        assert filed.wait(timeout=30)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT value FROM intake_identifierreports WHERE type = 'phone' "
                "AND value = '+237650000000' FOR UPDATE NOWAIT"
            )
            assert cursor.fetchall() == [("+237650000000",)]
    finally:
        checked.set()
        filing.join()
    assert len(_kept()[("phone", "+237650000000")]) == 3


def test_a_full_list_is_read_again_from_the_sightings_after_a_deletion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(identifier_reports, "REPORT_IDS_KEPT", 2)
    reports = [_submit("6 50 00 00 01") for _ in range(3)]

    sightings_delete(Sighting.objects.filter(report=reports[0]))

    assert _kept()[("phone", "+237650000001")] == [reports[1].pk, reports[2].pk]


def test_the_migration_fills_the_table_from_existing_sightings_in_one_statement() -> None:
    for n in range(3):
        report = _submit("6 99 00 02 00", f"6 99 00 02 0{n + 1}")
        sightings_save(
            [Sighting(report=report, type="email", value="scam@example.cm", raw_value="x")]
        )
    expected = _kept()
    IdentifierReports.objects.all().delete()

    fill = MIGRATION.FILL_POSTGRESQL if connection.vendor == "postgresql" else MIGRATION.FILL_SQLITE
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        cursor.execute(fill)

    assert len(queries) == 1
    assert _kept() == expected == _from_sightings()
