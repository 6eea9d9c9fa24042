"""Appending events to the chain, one or many at a time (group commit).

Events are built by ``audit_record`` without their place in the chain (sequence, previous hash,
hash, seal); ``chain_append`` gives them their places in order and writes them inside the
caller's transaction:

- On PostgreSQL in one statement when this thread knows the head (the last event it wrote, or
  the one before in the same transaction): the statement moves the head only if it still holds
  that sequence number and hash, and inserts the events only if it moved it. The row lock the
  ``UPDATE`` takes keeps writers in one line, and the condition means a stale guess (another
  writer went first, a rolled-back savepoint) inserts nothing; the append then takes the head
  (``UPDATE … RETURNING``, which locks it) and writes again. Either way each batch of events is
  one multi-row ``INSERT``.
- On SQLite, which serialises writers on its file lock, with the ORM.

The hash and the seal are computed here, never in SQL: the audit key must not reach the
database, even in a query.
"""

import threading
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import F

from vigilance.audit import chain, keys
from vigilance.audit.models import AuditEvent, AuditHead
from vigilance.core.prepared import prepared_execute

# A multi-row INSERT stays well under PostgreSQL's 65,535 parameters per statement.
ROWS_PER_STATEMENT = 1000

_COLUMNS = (
    ("sequence", "bigint"),
    ("at", "timestamptz"),
    ("actor_id", "bigint"),
    ("actor_label", "varchar"),
    ("organisation", "varchar"),
    ("action", "varchar"),
    ("object_type", "varchar"),
    ("object_id", "varchar"),
    ("address", "varchar"),
    ("details", "jsonb"),
    ("previous_hash", "varchar"),
    ("hash", "varchar"),
    ("key_id", "varchar"),
    ("seal", "varchar"),
)
_COLUMN_LIST = ", ".join(name for name, _type in _COLUMNS)
_ROW = "(" + ", ".join(f"%s::{type_}" for _name, type_ in _COLUMNS) + ")"

# Moves the head from the sequence and hash this thread believes in to the batch's last event,
# and inserts the events only when it did (``WHERE EXISTS``): a wrong belief writes nothing.
_GUESSED_SQL = """
WITH head AS (
    UPDATE audit_audithead SET sequence = %s, hash = %s
    WHERE id = 1 AND sequence = %s AND hash = %s RETURNING id
)
INSERT INTO audit_auditevent ({columns})
SELECT * FROM (VALUES {rows}) AS new_event ({columns})
WHERE EXISTS (SELECT 1 FROM head)
RETURNING id, sequence
"""
# After the head was taken (and locked) by ``UPDATE … RETURNING``: insert, and move its hash.
_TAKEN_SQL = """
WITH head AS (UPDATE audit_audithead SET hash = %s WHERE id = 1)
INSERT INTO audit_auditevent ({columns}) VALUES {rows}
RETURNING id, sequence
"""
# The rest of a batch longer than one statement (the head already moved to its end).
_MORE_SQL = "INSERT INTO audit_auditevent ({columns}) VALUES {rows} RETURNING id, sequence"


class _Known(threading.local):
    """What this thread last saw of the head, per database: a guess, checked by the statement."""

    def __init__(self) -> None:
        self.heads: dict[str, tuple[int, str]] = {}
        self.missed: dict[str, bool] = {}


_known = _Known()


def chain_append(events: Sequence[AuditEvent]) -> None:
    """Give ``events`` the next places in the chain, in their order, and insert them in the
    current transaction (the caller holds one; the head's lock is kept until it ends)."""
    if not events:
        return
    if connection.vendor != "postgresql":
        _append_with_orm(events)
        return
    key = keys.audit_key_signing()
    name = connection.settings_dict["NAME"]
    guess = _known.heads.get(name)
    # After a wrong guess the next append takes the head first: with several writers at once
    # the guess is often stale, and a wasted statement holds nobody's lock but costs a trip.
    if guess is not None and not _known.missed.get(name, False):
        rows = _chained_rows(events, guess, key)
        if _execute_guessed(events, rows, guess):
            _known.heads[name] = (rows[-1][0], rows[-1][11])
            return
        _known.missed[name] = True
    else:
        _known.missed[name] = False
    head = _head_take(len(events))
    rows = _chained_rows(events, head, key)
    _execute_taken(events, rows)
    _known.heads[name] = (rows[-1][0], rows[-1][11])


def chain_forget() -> None:
    """Drop this thread's guesses (a test that rewrites the head behind the writer's back)."""
    _known.heads.clear()
    _known.missed.clear()


def _chained_rows(
    events: Sequence[AuditEvent], head: tuple[int, str], key: keys.AuditKey
) -> list[tuple[Any, ...]]:
    """The rows to insert, hashed and sealed in order after ``head`` (sequence, hash); the
    events get the same values."""
    sequence, previous_hash = head
    rows = []
    for event in events:
        sequence += 1
        fields = chain.event_fields(
            sequence=sequence,
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
        event_hash = chain.chain_hash(previous_hash, fields)
        event.sequence, event.previous_hash, event.hash = sequence, previous_hash, event_hash
        event.key_id, event.seal = key.id, keys.event_seal(key, event_hash)
        rows.append(
            (
                sequence,
                event.at,
                event.actor_id,
                event.actor_label,
                event.organisation,
                event.action,
                event.object_type,
                event.object_id,
                event.address,
                chain.canonical_json(event.details).decode("utf-8"),
                previous_hash,
                event_hash,
                event.key_id,
                event.seal,
            )
        )
        previous_hash = event_hash
    return rows


def _statement(template: str, count: int) -> str:
    return template.format(columns=_COLUMN_LIST, rows=", ".join([_ROW] * count))


def _execute_guessed(
    events: Sequence[AuditEvent], rows: list[tuple[Any, ...]], guess: tuple[int, str]
) -> bool:
    first, rest = rows[:ROWS_PER_STATEMENT], rows[ROWS_PER_STATEMENT:]
    last_sequence, last_hash = rows[-1][0], rows[-1][11]
    parameters: list[Any] = [last_sequence, last_hash, guess[0], guess[1]]
    for row in first:
        parameters.extend(row)
    with connection.cursor() as cursor:
        prepared_execute(cursor, _statement(_GUESSED_SQL, len(first)), parameters)
        written = cursor.fetchall()
    if not written:
        return False
    _mark_stored(events, written)
    _insert_more(events, rest)
    return True


def _execute_taken(events: Sequence[AuditEvent], rows: list[tuple[Any, ...]]) -> None:
    first, rest = rows[:ROWS_PER_STATEMENT], rows[ROWS_PER_STATEMENT:]
    parameters: list[Any] = [rows[-1][11]]
    for row in first:
        parameters.extend(row)
    with connection.cursor() as cursor:
        prepared_execute(cursor, _statement(_TAKEN_SQL, len(first)), parameters)
        written = cursor.fetchall()
    _mark_stored(events, written)
    _insert_more(events, rest)


def _insert_more(events: Sequence[AuditEvent], rows: list[tuple[Any, ...]]) -> None:
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        parameters = [value for row in chunk for value in row]
        with connection.cursor() as cursor:
            cursor.execute(_statement(_MORE_SQL, len(chunk)), parameters)
            _mark_stored(events, cursor.fetchall())


def _mark_stored(events: Sequence[AuditEvent], written: list[tuple[int, int]]) -> None:
    """Give each event its id (matched by sequence number, whatever order rows come back in)."""
    ids = dict((int(sequence), int(pk)) for pk, sequence in written)
    for event in events:
        if event.sequence in ids:
            event.id = ids[event.sequence]
            event._state.adding = False
            event._state.db = connection.alias


def _head_take(count: int) -> tuple[int, str]:
    """Reserve ``count`` sequence numbers and read the last hash in one statement, which locks
    the head row until the transaction ends; return the sequence and hash before the batch."""
    with connection.cursor() as cursor:
        for _attempt in range(2):
            cursor.execute(
                "UPDATE audit_audithead SET sequence = sequence + %s WHERE id = 1 "
                "RETURNING sequence, hash",
                [count],
            )
            row = cursor.fetchone()
            if row is not None:
                return int(row[0]) - count, str(row[1])
            # The head is made by a migration; only an emptied database (a test flush) lacks it.
            AuditHead.objects.get_or_create(id=1)
    raise RuntimeError("the audit head row cannot be made")


def _append_with_orm(events: Sequence[AuditEvent]) -> None:
    """SQLite: the first write takes the database's lock, so the head read after it is stable."""
    if not AuditHead.objects.filter(id=1).update(sequence=F("sequence")):
        AuditHead.objects.get_or_create(id=1)
    head = AuditHead.objects.get(id=1)
    _chained_rows(events, (head.sequence, head.hash), keys.audit_key_signing())
    for event in events:
        event.save(force_insert=True)
    AuditHead.objects.filter(id=1).update(sequence=events[-1].sequence, hash=events[-1].hash)
