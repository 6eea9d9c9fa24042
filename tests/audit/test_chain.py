"""The hash chain: intact chains verify; altered, removed, re-linked or cut events are named."""

import datetime as dt
import decimal
import uuid

import pytest
from django.db import transaction

from tests.audit.conftest import record_events
from tests.audit.guard import lift_append_only_guard
from vigilance.audit import selectors
from vigilance.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_chain_of_many_events_verifies_and_is_linked_from_genesis() -> None:
    record_events(120)

    report = audit_chain_verify(chunk_size=25)

    assert report.is_intact
    assert report.count == AuditEvent.objects.count() >= 120
    first = AuditEvent.objects.get(sequence=1)
    assert first.previous_hash == GENESIS_HASH
    last = AuditEvent.objects.order_by("-sequence").first()
    assert last is not None
    assert AuditHead.objects.get().hash == last.hash


def test_details_holding_dates_decimals_and_uuids_still_verify_after_reading_back() -> None:
    audit_record(
        actor=None,
        actor_label="job:test",
        action="test.values",
        details={
            "when": dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC),
            "amount": decimal.Decimal("75000.50"),
            "id": uuid.uuid4(),
            "nested": {"b": [1, 2.5, None, True], "a": "Ngo Bassa"},
        },
    )

    assert audit_chain_verify().is_intact


def test_altered_details_are_named_by_sequence() -> None:
    record_events(5)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=3).update(details={"number": 999})

    report = audit_chain_verify()

    assert (report.broken_sequence, report.problem) == (3, selectors.ALTERED)
    assert report.count == 2


def test_altered_actor_is_named_by_sequence() -> None:
    record_events(4)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=2).update(actor_label="someone else")

    assert audit_chain_verify().broken_sequence == 2


def test_deleted_event_is_named_as_a_gap() -> None:
    record_events(6)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=4).delete()

    report = audit_chain_verify()

    assert (report.broken_sequence, report.problem) == (4, selectors.MISSING)
    assert report.detail["found"] == 5


def test_deleted_last_event_is_caught_by_the_head() -> None:
    record_events(3)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=3).delete()

    report = audit_chain_verify()

    assert (report.broken_sequence, report.problem) == (3, selectors.TRUNCATED)


def test_event_relinked_to_another_predecessor_is_a_broken_link() -> None:
    record_events(4)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=3).update(previous_hash="f" * 64)

    report = audit_chain_verify()

    assert (report.broken_sequence, report.problem) == (3, selectors.BROKEN_LINK)


def test_summary_names_the_event_and_why() -> None:
    record_events(3)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=2).update(action="test.other")

    summary = audit_chain_verify().summary()

    assert summary.startswith("audit chain BROKEN at event 2: altered")


@transaction.atomic
def failing_business_write() -> None:
    audit_record(actor=None, actor_label="job:test", action="test.rolled_back")
    raise RuntimeError("the business write failed")


def test_a_rolled_back_write_leaves_no_hole_in_the_sequence() -> None:
    record_events(2)
    with pytest.raises(RuntimeError):
        failing_business_write()
    record_events(1)

    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert audit_chain_verify().is_intact
