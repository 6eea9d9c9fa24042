"""Concurrent writers never fork the chain: the head row's lock keeps them in one line."""

import threading

import pytest
from django.db import connection, connections

from vigilance.audit.batch import audit_batch
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


BATCH = 10


def _write_batches(thread: int, errors: list[BaseException], start: threading.Barrier) -> None:
    """Half the threads append batches of ten, the others one event per transaction, and every
    third batch fails after recording its events: none of those may reach the chain."""
    try:
        start.wait()
        for round_ in range(EVENTS_PER_THREAD // BATCH):
            if thread % 2:
                for number in range(BATCH):
                    audit_record(
                        actor=None,
                        actor_label=f"job:thread-{thread}",
                        action="test.concurrent_single",
                        details={"thread": thread, "number": round_ * BATCH + number},
                    )
                continue
            try:
                with audit_batch():
                    for number in range(BATCH):
                        audit_record(
                            actor=None,
                            actor_label=f"job:thread-{thread}",
                            action="test.concurrent_batch",
                            details={"thread": thread, "number": round_ * BATCH + number},
                        )
                    if round_ % 3 == 2:
                        raise _Abandoned
            except _Abandoned:
                pass
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


class _Abandoned(Exception):
    pass


def test_batches_and_single_events_from_eight_threads_make_one_unbroken_chain() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_write_batches, args=(number, errors, start))
        for number in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [event.sequence for event in events] == list(range(1, len(events) + 1))
    singles = [e for e in events if e.action == "test.concurrent_single"]
    batched = [e for e in events if e.action == "test.concurrent_batch"]
    rounds = EVENTS_PER_THREAD // BATCH
    kept_rounds = len([r for r in range(rounds) if r % 3 != 2])
    assert len(singles) == (THREADS // 2) * EVENTS_PER_THREAD
    assert len(batched) == (THREADS // 2) * kept_rounds * BATCH
    # Each batch is contiguous in the chain and in the order its events were recorded.
    for thread in range(0, THREADS, 2):
        own = [e for e in batched if e.details["thread"] == thread]
        numbers = [e.details["number"] for e in own]
        assert numbers == sorted(numbers)
        for first in range(0, len(own), BATCH):
            block = own[first : first + BATCH]
            assert block[-1].sequence - block[0].sequence == BATCH - 1
    assert audit_chain_verify().is_intact
