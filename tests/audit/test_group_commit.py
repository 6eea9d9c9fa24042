"""Group commit: events held in an ``audit_batch`` block are appended together, in order, with
the work they record, and the chain still verifies and still shows tampering."""

import itertools

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.audit.guard import lift_append_only_guard
from vigilance.audit import append
from vigilance.audit.batch import audit_batch
from vigilance.audit.models import AuditEvent, AuditHead
from vigilance.audit.selectors import FORGED, audit_chain_verify
from vigilance.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _record(action: str, number: int = 0) -> AuditEvent:
    return audit_record(
        actor=None,
        actor_label="job:batch",
        action=action,
        object_type="thing",
        object_id=number,
        details={"number": number, "label": f"élément {number}"},
    )


def test_a_batch_keeps_the_order_the_events_were_recorded_in() -> None:
    with audit_batch():
        events = [_record("test.batch", number) for number in range(25)]
        # Held until the block ends: nothing of the batch is in the table yet.
        assert not AuditEvent.objects.filter(action="test.batch").exists()

    stored = list(AuditEvent.objects.filter(action="test.batch").order_by("sequence"))
    assert [event.details["number"] for event in stored] == list(range(25))
    first = stored[0].sequence
    assert [event.sequence for event in stored] == list(range(first, first + 25))
    assert [event.pk for event in events] == [event.pk for event in stored]
    assert all(a.hash == b.previous_hash for a, b in itertools.pairwise(stored))
    assert AuditHead.objects.get(id=1).hash == stored[-1].hash
    assert audit_chain_verify().is_intact


@transaction.atomic  # its own transaction (a savepoint inside the test's)
def failing_batch() -> None:
    with audit_batch():
        _record("test.lost", 1)
        _record("test.lost", 2)
        raise RuntimeError("the work failed")


@transaction.atomic
def failing_write() -> None:
    _record("test.rolled_back")
    raise RuntimeError("the business write failed")


def test_a_batch_that_fails_leaves_no_event_and_no_gap() -> None:
    _record("test.before")
    with pytest.raises(RuntimeError):
        failing_batch()
    _record("test.after")

    assert not AuditEvent.objects.filter(action="test.lost").exists()
    before, after = (
        AuditEvent.objects.get(action=name).sequence for name in ("test.before", "test.after")
    )
    assert after == before + 1
    assert audit_chain_verify().is_intact


def test_an_event_in_a_rolled_back_savepoint_goes_with_it_and_the_held_ones_stay() -> None:
    with audit_batch():
        _record("test.kept", 1)
        try:
            with transaction.atomic():
                _record("test.undone")
                raise ValueError("the nested work failed")
        except ValueError:
            pass
        _record("test.kept", 2)

    assert not AuditEvent.objects.filter(action="test.undone").exists()
    kept = list(AuditEvent.objects.filter(action="test.kept").order_by("sequence"))
    assert [event.details["number"] for event in kept] == [1, 2]
    assert audit_chain_verify().is_intact


def test_a_write_rolled_back_after_its_event_leaves_the_next_writer_a_true_head() -> None:
    _record("test.first")
    with pytest.raises(RuntimeError):
        failing_write()
    # This thread's guess of the head now names the rolled-back event: the append must see it
    # is wrong, and write after the event that is really there.
    event = _record("test.second")

    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert event.sequence == AuditEvent.objects.get(action="test.first").sequence + 1
    assert audit_chain_verify().is_intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement append")
def test_a_writer_that_knows_the_head_appends_in_one_statement() -> None:
    _record("test.warm")
    with CaptureQueriesContext(connection) as queries:
        _record("test.one_statement")
    writes = [q["sql"] for q in queries.captured_queries if "audit_" in q["sql"]]
    assert len(writes) == 1
    assert writes[0].lstrip().startswith("WITH head AS")
    assert audit_chain_verify().is_intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the multi-row append")
def test_a_batch_is_one_statement_and_longer_ones_are_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _record("test.warm")
    with CaptureQueriesContext(connection) as queries, audit_batch():
        for number in range(20):
            _record("test.one_batch", number)
    assert len([q for q in queries.captured_queries if "audit_auditevent" in q["sql"]]) == 1

    monkeypatch.setattr(append, "ROWS_PER_STATEMENT", 7)
    append.chain_forget()  # the head is taken first this time
    with audit_batch():
        for number in range(20):
            _record("test.split_batch", number)
    stored = list(AuditEvent.objects.filter(action="test.split_batch").order_by("sequence"))
    assert [event.details["number"] for event in stored] == list(range(20))
    assert audit_chain_verify().is_intact


def test_tampering_with_an_event_of_a_batch_is_still_detected() -> None:
    with audit_batch():
        for number in range(5):
            _record("test.sealed", number)
    victim = AuditEvent.objects.filter(action="test.sealed").order_by("sequence")[2]
    lift_append_only_guard()
    AuditEvent.objects.filter(pk=victim.pk).update(details={"number": 99})
    report = audit_chain_verify()
    assert not report.is_intact
    assert report.broken_sequence == victim.sequence


def test_a_batch_rechained_without_the_key_is_found_forged() -> None:
    with audit_batch():
        for number in range(3):
            _record("test.forged", number)
    last = AuditEvent.objects.filter(action="test.forged").order_by("sequence").last()
    assert last is not None
    lift_append_only_guard()
    AuditEvent.objects.filter(pk=last.pk).update(seal="0" * 64)
    report = audit_chain_verify()
    assert (report.problem, report.broken_sequence) == (FORGED, last.sequence)


def test_events_of_released_savepoints_are_held_and_kept_in_the_order_recorded() -> None:
    with audit_batch():
        _record("test.nested", 1)
        with transaction.atomic():
            _record("test.nested", 2)
            with transaction.atomic():
                _record("test.nested", 3)
        # Held, savepoints included: nothing of the batch is in the table yet.
        assert not AuditEvent.objects.filter(action="test.nested").exists()
        _record("test.nested", 4)

    stored = list(AuditEvent.objects.filter(action="test.nested").order_by("sequence"))
    assert [event.details["number"] for event in stored] == [1, 2, 3, 4]
    assert audit_chain_verify().is_intact


def test_an_event_released_inside_a_savepoint_rolled_back_later_goes_too() -> None:
    with audit_batch():
        _record("test.outer_kept")
        try:
            with transaction.atomic():
                with transaction.atomic():
                    _record("test.inner_released")
                raise ValueError("the outer nested work failed")
        except ValueError:
            pass

    assert not AuditEvent.objects.filter(action="test.inner_released").exists()
    assert AuditEvent.objects.filter(action="test.outer_kept").exists()
    assert audit_chain_verify().is_intact
