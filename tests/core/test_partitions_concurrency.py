"""Two runs of the partition job at once (two schedulers, the command beside the job): both
finish, and each month is made once."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from vigilance.core.partitions import PARTITIONED_TABLES, catalog, partitions_ensure

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL partitions"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FAR_MONTH = dt.date(2033, 6, 1)


def test_two_runs_at_once_both_finish_and_make_each_month_once() -> None:
    created: list[list[str]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            created.append(partitions_ensure(today=FAR_MONTH, months_ahead=1))
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert failures == []
        made = [name for names in created for name in names]
        expected = {f"{table}_p2033{month:02d}" for table in PARTITIONED_TABLES for month in (6, 7)}
        assert sorted(made) == sorted(expected)  # each once, by one run or the other
    finally:
        with connection.cursor() as cursor:
            for table in PARTITIONED_TABLES:
                for name in catalog.partitions_of(cursor, table):
                    if name.startswith(f"{table}_p2033"):
                        cursor.execute(f"DROP TABLE {name}")
