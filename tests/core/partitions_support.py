"""What the partition tests share: where a row lives, and audit events dated at will."""

# The SQL names tables and columns of the partitioned tables and of the catalogue, never input.
# ruff: noqa: S608

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from vigilance.audit import chain, keys

AUDIT_TEST_KEY = "the audit key of the partition tests, never in the database"


def partition_holding(table: str, where: str, params: Sequence[Any]) -> set[str]:
    """The partitions (by name) that hold the rows of ``table`` matching ``where``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT tableoid::regclass::text FROM {table} WHERE {where}",
            params,
        )
        return {row[0] for row in cursor.fetchall()}


def audit_events_at(*moments: dt.datetime) -> None:
    """Append chained, sealed events dated ``moments`` (as if written then), moving the head as
    ``audit_record`` does: the trail still verifies."""
    key = keys.audit_key_signing()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM audit_audithead WHERE id = 1")
        sequence, previous = cursor.fetchone()
        for at in moments:
            sequence += 1
            fields = chain.event_fields(
                sequence=sequence,
                at=at,
                actor_id=None,
                actor_label="job:test",
                organisation="",
                action="test.partitions",
                object_type="thing",
                object_id=str(sequence),
                address="",
                details={},
            )
            event_hash = chain.chain_hash(previous, fields)
            cursor.execute(
                "INSERT INTO audit_auditevent (sequence, at, actor_id, actor_label, organisation, "
                "action, object_type, object_id, address, details, previous_hash, hash, key_id, "
                "seal) VALUES (%s, %s, NULL, 'job:test', '', 'test.partitions', 'thing', %s, '', "
                "'{}', %s, %s, %s, %s)",
                [
                    sequence,
                    at,
                    str(sequence),
                    previous,
                    event_hash,
                    key.id,
                    keys.event_seal(key, event_hash),
                ],
            )
            previous = event_hash
        cursor.execute(
            "UPDATE audit_audithead SET sequence = %s, hash = %s WHERE id = 1", [sequence, previous]
        )
