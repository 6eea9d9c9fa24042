"""Whoever holds the database but not the audit key cannot rewrite the trail unnoticed.

Each test plays the intruder in raw SQL, guard lifted first, after the platform wrote events and
(where it would have) a checkpoint; ``verify_audit`` must then name the first broken event.
"""

from pathlib import Path

import pytest
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.audit.conftest import AUDIT_TEST_KEY, record_events
from tests.audit.guard import lift_append_only_guard
from tests.audit.test_verify_audit import run_verify
from vigilance.audit import chain
from vigilance.audit.checkpoints import audit_checkpoint_write
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def execute(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def rechain_from(sequence: int, **changes: object) -> None:
    """Apply ``changes`` to event ``sequence`` and recompute its hash and every later one, as an
    intruder who knows the chain's (public) rules but not the key does; the head follows."""
    lift_append_only_guard()
    previous = AuditEvent.objects.get(sequence=sequence).previous_hash
    for event in AuditEvent.objects.filter(sequence__gte=sequence).order_by("sequence"):
        for name, value in (changes if event.sequence == sequence else {}).items():
            setattr(event, name, value)
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
            details=event.details,
        )
        event_hash = chain.chain_hash(previous, fields)
        execute(
            "UPDATE audit_auditevent SET action = %s, actor_label = %s, previous_hash = %s, "
            "hash = %s WHERE sequence = %s",
            [event.action, event.actor_label, previous, event_hash, event.sequence],
        )
        previous = event_hash
    execute("UPDATE audit_audithead SET hash = %s WHERE id = 1", [previous])


def test_altered_event_is_detected() -> None:
    record_events(6)
    audit_checkpoint_write()
    lift_append_only_guard()
    execute("UPDATE audit_auditevent SET actor_label = 'someone else' WHERE sequence = 3")

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 3: altered")


def test_deleted_event_is_detected() -> None:
    record_events(6)
    audit_checkpoint_write()
    lift_append_only_guard()
    execute("DELETE FROM audit_auditevent WHERE sequence = 4")

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 4: missing")


def test_cut_tail_with_the_head_moved_back_is_detected_by_the_periodic_checkpoint() -> None:
    record_events(5)
    audit_checkpoint_write()
    record_events(3)
    audit_checkpoint_write()  # the next minute's checkpoint
    lift_append_only_guard()
    execute("DELETE FROM audit_auditevent WHERE sequence > 5")
    kept = AuditEvent.objects.get(sequence=5)
    execute("UPDATE audit_audithead SET sequence = 5, hash = %s WHERE id = 1", [kept.hash])

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 6: missing: the chain ends at event 5")
    assert "the checkpoint on line 2" in err


def test_forged_event_with_every_later_hash_recomputed_is_detected_without_any_checkpoint() -> None:
    record_events(6)

    rechain_from(2, action="test.innocent", actor_label="nobody")

    status, _, err = run_verify()
    assert status == 1
    assert err.startswith("audit chain BROKEN at event 2: forged")


def test_forged_event_appended_after_the_last_checkpoint_is_detected() -> None:
    events = record_events(3)
    audit_checkpoint_write()
    fields = chain.event_fields(
        sequence=4,
        at=events[-1].at,
        actor_id=None,
        actor_label="job:test",
        organisation="",
        action="case.closed",
        object_type="case",
        object_id="CAS-1",
        address="",
        details={},
    )
    forged_hash = chain.chain_hash(events[-1].hash, fields)
    # Inserting needs no lifted guard; the seal is copied from a genuine event.
    execute(
        "INSERT INTO audit_auditevent (sequence, at, actor_id, actor_label, organisation, action, "
        "object_type, object_id, address, details, previous_hash, hash, key_id, seal) VALUES "
        "(4, %s, NULL, 'job:test', '', 'case.closed', 'case', 'CAS-1', '', '{}', %s, %s, %s, %s)",
        [events[-1].at, events[-1].hash, forged_hash, events[-1].key_id, events[-1].seal],
    )
    execute("UPDATE audit_audithead SET sequence = 4, hash = %s WHERE id = 1", [forged_hash])

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 4: forged")


def test_deleted_event_renumbered_and_rechained_is_detected() -> None:
    record_events(5)
    lift_append_only_guard()
    execute("DELETE FROM audit_auditevent WHERE sequence = 5")
    rechain_from(4, action="test.renumbered")

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 4: forged")


def test_seal_under_an_unknown_key_id_is_reported_as_such() -> None:
    record_events(3)
    lift_append_only_guard()
    execute("UPDATE audit_auditevent SET key_id = 'deadbeef' WHERE sequence = 2")

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 2: sealed with audit key 'deadbeef'")


def test_verifying_with_the_wrong_key_names_the_first_event_and_the_key(
    settings: SettingsWrapper,
) -> None:
    events = record_events(3)
    settings.AUDIT_KEYS = ["a different key that did not seal these events"]

    status, _, err = run_verify()

    assert status == 1
    assert err.startswith(
        f"audit chain BROKEN at event 1: sealed with audit key '{events[0].key_id}'"
    )
    assert "not among AUDIT_KEYS" in err


def test_events_sealed_before_a_key_rotation_still_verify(settings: SettingsWrapper) -> None:
    record_events(2)
    audit_checkpoint_write()
    settings.AUDIT_KEYS = ["the new audit key, first so that it seals", AUDIT_TEST_KEY]
    record_events(2)
    audit_checkpoint_write()

    key_ids = list(AuditEvent.objects.order_by("sequence").values_list("key_id", flat=True))
    assert key_ids[0] == key_ids[1] != key_ids[2] == key_ids[3]
    assert run_verify() == (0, "audit chain OK (4 events)\n", "")


def test_an_off_host_copy_of_the_checkpoints_catches_a_cut_tail_when_the_local_file_is_gone(
    checkpoint_file: Path, tmp_path: Path
) -> None:
    record_events(4)
    audit_checkpoint_write()
    off_host = tmp_path / "off-host-checkpoints.jsonl"
    off_host.write_bytes(checkpoint_file.read_bytes())
    checkpoint_file.unlink()
    lift_append_only_guard()
    execute("DELETE FROM audit_auditevent WHERE sequence > 2")
    kept = AuditEvent.objects.get(sequence=2)
    execute("UPDATE audit_audithead SET sequence = 2, hash = %s WHERE id = 1", [kept.hash])

    status, _, err = run_verify("--checkpoints", str(off_host))

    assert status == 1
    assert err.startswith("audit chain BROKEN at event 3: missing: the chain ends at event 2")


def test_a_missing_checkpoint_copy_is_refused_by_name(tmp_path: Path) -> None:
    record_events(1)
    missing = tmp_path / "nowhere.jsonl"

    status, out, err = run_verify("--checkpoints", str(missing))

    assert (status, out) == (1, "")
    assert err == f"audit chain NOT VERIFIED: cannot read the checkpoint file {missing}\n"


def test_an_empty_checkpoint_copy_is_refused(tmp_path: Path) -> None:
    record_events(1)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")

    status, _, err = run_verify("--checkpoints", str(empty))

    assert status == 1
    assert err.startswith(f"audit chain NOT VERIFIED: no signed checkpoint in {empty}")
