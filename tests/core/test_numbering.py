"""Yearly numbers: each call gives the next one, every series and year counts on its own, and
concurrent callers never share a number."""

import threading

import pytest
from django.db import connection, connections, transaction

from tests.support.migrations import migrate_to, migrate_to_latest
from vigilance.core.models import YearlyCounter
from vigilance.core.numbering import next_number, next_reference

CALLS = 50


@pytest.mark.django_db
def test_numbers_run_upwards_per_series_and_year() -> None:
    assert [next_number("TST", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number("TST", 2027) == 1
    assert next_number("OTH", 2026) == 1
    assert next_reference("TST", 2026) == "TST-2026-000004"
    assert YearlyCounter.objects.get(series="TST", year=2026).last_number == 4


def _call(numbers: list[int], errors: list[BaseException], start: threading.Barrier) -> None:
    try:
        start.wait()
        with transaction.atomic():
            numbers.append(next_number("TST", 2026))
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer on its file lock; row locks matter on PostgreSQL",
)
def test_fifty_concurrent_calls_give_fifty_distinct_numbers() -> None:
    numbers: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(CALLS)
    threads = [threading.Thread(target=_call, args=(numbers, errors, start)) for _ in range(CALLS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, CALLS + 1))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_numbers_of_the_old_counters_are_carried_over() -> None:
    before = [
        ("core", "0003_add_issued_documents"),
        ("cases", "0004_caseshare_add_rights"),
        ("requisitions", "0008_answer_identifier"),
    ]
    after = [
        ("cases", "0005_case_numbers_from_yearly_counter"),
        ("requisitions", "0009_references_from_yearly_counter"),
    ]
    apps = migrate_to(before)
    try:
        apps.get_model("cases", "CaseNumberCounter").objects.create(year=2026, last_number=41)
        apps.get_model("requisitions", "RequisitionNumberCounter").objects.create(
            year=2026, last_number=7
        )
        apps.get_model("requisitions", "FreezeNumberCounter").objects.create(
            year=2025, last_number=3
        )

        apps = migrate_to(after)

        carried = set(
            apps.get_model("core", "YearlyCounter").objects.values_list(
                "series", "year", "last_number"
            )
        )
        assert carried == {("CAS", 2026, 41), ("REQ", 2026, 7), ("GEL", 2025, 3)}
    finally:
        migrate_to_latest()
        YearlyCounter.objects.all().delete()
