"""Migration 0004 seals the events written before the audit key existed, and only an intact trail."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from tests.audit.test_guard import refused
from tests.audit.test_verify_audit import run_verify
from vigilance.audit import chain
from vigilance.audit.models import GENESIS_HASH, AuditEvent

pytestmark = pytest.mark.django_db

sealing = importlib.import_module("vigilance.audit.migrations.0004_auditevent_seal_and_guard")


def write_unsealed_events(count: int) -> None:
    """Events as the platform wrote them before it had an audit key: chained, with no seal."""
    previous = GENESIS_HASH
    with connection.cursor() as cursor:
        for sequence in range(1, count + 1):
            fields = chain.event_fields(
                sequence=sequence,
                at="2026-05-01T07:30:00.000000+00:00",
                actor_id=None,
                actor_label="job:before",
                organisation="",
                action="test.legacy",
                object_type="",
                object_id=str(sequence),
                address="",
                details={"n": sequence},
            )
            event_hash = chain.chain_hash(previous, fields)
            cursor.execute(
                "INSERT INTO audit_auditevent (sequence, at, actor_id, actor_label, organisation, "
                "action, object_type, object_id, address, details, previous_hash, hash, key_id, "
                "seal) VALUES (%s, '2026-05-01 07:30:00+00:00', NULL, 'job:before', '', "
                "'test.legacy', '', %s, '', %s, %s, %s, '', '')",
                [sequence, str(sequence), f'{{"n": {sequence}}}', previous, event_hash],
            )
            previous = event_hash
        cursor.execute(
            "UPDATE audit_audithead SET sequence = %s, hash = %s WHERE id = 1", [count, previous]
        )


def seal() -> None:
    """Run the migration's step on the test database (it only needs the editor's connection;
    SQLite's real editor cannot open inside the test's transaction)."""
    sealing.seal_existing_and_guard(apps, SimpleNamespace(connection=connection))


def test_unsealed_events_fail_verification_until_the_migration_seals_them() -> None:
    write_unsealed_events(3)
    assert run_verify()[0] == 1

    seal()

    assert set(AuditEvent.objects.values_list("key_id", flat=True)) != {""}
    assert run_verify()[:2] == (0, "audit chain OK (3 events)\n")


def test_the_migration_refuses_to_seal_a_trail_that_does_not_verify() -> None:
    write_unsealed_events(3)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_auditevent (sequence, at, actor_label, organisation, "
                       "action, object_type, object_id, address, details, previous_hash, hash, "
                       "key_id, seal) VALUES (5, '2026-05-01 08:00:00+00:00', 'x', '', 'x', '', "
                       "'', '', '{}', %s, %s, '', '')", ["0" * 64, "1" * 64])  # fmt: skip

    with pytest.raises(RuntimeError, match="audit event 4 does not verify"):
        seal()


def test_the_guard_is_in_place_after_sealing() -> None:
    write_unsealed_events(2)
    seal()

    assert refused("DELETE FROM audit_auditevent")
    assert refused("UPDATE audit_auditevent SET action = 'x'")
