"""Concurrent writers never fork the chain: the head row's lock keeps them in one line."""

import threading

import pytest
from django.db import connection, connections

from vigilance.audit.models import AuditEvent
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every writer on its file lock; row locks matter on PostgreSQL",
    ),
]

THREADS = 8
EVENTS_PER_THREAD = 50


def _write(thread: int, errors: list[BaseException], start: threading.Barrier) -> None:
    try:
        start.wait()
        for number in range(EVENTS_PER_THREAD):
            audit_record(
                actor=None,
                actor_label=f"job:thread-{thread}",
                action="test.concurrent",
                details={"thread": thread, "number": number},
            )
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


def test_eight_threads_writing_fifty_events_each_make_one_unbroken_chain() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_write, args=(number, errors, start)) for number in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = list(
        AuditEvent.objects.filter(action="test.concurrent").values_list("sequence", flat=True)
    )
    assert len(sequences) == THREADS * EVENTS_PER_THREAD == len(set(sequences))
    assert sorted(sequences) == list(range(1, THREADS * EVENTS_PER_THREAD + 1))
    assert audit_chain_verify().is_intact
