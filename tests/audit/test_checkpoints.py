"""Signed checkpoints: written to their own file, and checked by ``verify_audit``."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.audit.conftest import AUDIT_TEST_KEY, record_events
from tests.audit.guard import lift_append_only_guard
from tests.audit.test_verify_audit import run_verify
from vigilance.audit import chain, selectors
from vigilance.audit.checkpoints import (
    ChainNotVerified,
    audit_checkpoint_write,
    checkpoint_signature,
    checkpoints_load,
)
from vigilance.audit.keys import AuditKey, audit_key_id, audit_key_signing, event_seal
from vigilance.audit.models import AuditEvent, AuditHead
from vigilance.audit.selectors import audit_chain_verify
from vigilance.audit.tasks import audit_checkpoint_write as checkpoint_task

pytestmark = pytest.mark.django_db


def test_checkpoint_line_holds_count_hash_time_and_a_valid_signature(
    checkpoint_file: Path,
) -> None:
    events = record_events(4)

    audit_checkpoint_write()

    lines = checkpoint_file.read_text().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"count", "hash", "at", "key", "signature"}
    assert record["key"] == audit_key_signing().id
    assert (record["count"], record["hash"]) == (events[-1].sequence, events[-1].hash)
    assert record["signature"] == checkpoint_signature(
        count=record["count"], hash=record["hash"], at=record["at"]
    )


def test_checkpoints_are_appended_and_the_command_and_task_write_them(
    checkpoint_file: Path,
) -> None:
    record_events(2)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert out.getvalue().startswith("audit checkpoint written (2 events, ")
    record_events(3)
    assert checkpoint_task.apply().get() == AuditEvent.objects.count()

    counts = [checkpoint.count for checkpoint in checkpoints_load(checkpoint_file)]
    assert counts == [2, 5]
    assert run_verify() == (0, "audit chain OK (5 events)\n", "")


def test_altered_checkpoint_is_detected(checkpoint_file: Path) -> None:
    record_events(3)
    audit_checkpoint_write()
    record = json.loads(checkpoint_file.read_text())
    record["count"] = 2
    checkpoint_file.write_text(json.dumps(record) + "\n")

    status, _, err = run_verify()

    assert status == 1
    assert "checkpoint on line 1" in err
    assert "signature is invalid" in err


def test_unreadable_checkpoint_line_is_detected(checkpoint_file: Path) -> None:
    record_events(1)
    audit_checkpoint_write()
    with checkpoint_file.open("a") as file:
        file.write("{not json\n")

    assert audit_chain_verify(checkpoints=checkpoints_load()).problem == (
        selectors.CHECKPOINT_SIGNATURE
    )


def test_truncated_tail_is_detected_even_when_the_head_is_rewritten_too() -> None:
    record_events(6)
    audit_checkpoint_write()
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence__gt=4).delete()
    kept = AuditEvent.objects.get(sequence=4)
    AuditHead.objects.filter(id=1).update(sequence=4, hash=kept.hash)

    status, _, err = run_verify()

    assert audit_chain_verify().is_intact  # the database alone no longer shows it
    assert status == 1
    assert err.startswith("audit chain BROKEN at event 5: missing: the chain ends at event 4")
    assert "truncated tail" in err


def test_chain_rewritten_and_resealed_with_a_leaked_retired_key_is_caught_by_the_checkpoint(
    settings: SettingsWrapper,
) -> None:
    retired = "a retired audit key that leaked, still listed so old events verify"
    settings.AUDIT_KEYS = [AUDIT_TEST_KEY, retired]
    record_events(3)
    audit_checkpoint_write()
    lift_append_only_guard()
    leaked = AuditKey(audit_key_id(retired), retired.encode())
    previous = AuditEvent.objects.get(sequence=1).previous_hash
    for event in AuditEvent.objects.order_by("sequence"):
        details = {**event.details, "rewritten": True}
        fields = chain.event_fields(
            sequence=event.sequence,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            organisation=event.organisation,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            address=event.address,
            details=details,
        )
        new_hash = chain.chain_hash(previous, fields)
        AuditEvent.objects.filter(pk=event.pk).update(
            details=details,
            previous_hash=previous,
            hash=new_hash,
            key_id=leaked.id,
            seal=event_seal(leaked, new_hash),
        )
        previous = new_hash
    AuditHead.objects.filter(id=1).update(hash=previous)

    status, _, err = run_verify()

    assert audit_chain_verify().is_intact  # consistent in itself, seals included...
    assert status == 1  # ...but not with what was signed
    assert err.startswith("audit chain BROKEN at event 3: altered: it does not carry the hash")


def test_no_checkpoint_is_signed_over_a_broken_chain(checkpoint_file: Path) -> None:
    record_events(3)
    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=2).update(action="test.forged")

    with pytest.raises(ChainNotVerified):
        audit_checkpoint_write()
    assert checkpoint_task.apply().get() is None
    assert not checkpoint_file.exists()


def test_since_checkpoint_verifies_only_the_newer_events_but_still_the_tail() -> None:
    record_events(4)
    audit_checkpoint_write()
    record_events(2)

    assert run_verify("--since-checkpoint") == (0, "audit chain OK (6 events)\n", "")

    lift_append_only_guard()
    AuditEvent.objects.filter(sequence=6).update(action="test.forged")
    status, _, err = run_verify("--since-checkpoint")
    assert status == 1
    assert err.startswith("audit chain BROKEN at event 6: altered")
