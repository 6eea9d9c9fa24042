"""Reading the audit trail: the auditors' filtered list and the chain verification."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import QuerySet

from vigilance.audit import chain, keys
from vigilance.audit.models import GENESIS_HASH, AuditEvent, AuditHead

if TYPE_CHECKING:
    from vigilance.audit.checkpoints import Checkpoint

# What can be wrong with the chain (machine codes; ``ChainReport.reason`` words them).
ALTERED = "altered"
MISSING = "missing"
BROKEN_LINK = "broken_link"
TRUNCATED = "truncated"
CHECKPOINT_SIGNATURE = "checkpoint_signature"
CHECKPOINT_MISMATCH = "checkpoint_mismatch"
FORGED = "forged"
UNKNOWN_KEY = "unknown_key"


@dataclass(frozen=True)
class ChainReport:
    """The verdict on the chain: intact, or the first event found broken and why.

    ``count`` is how many events were found in order before the verdict. ``detail`` holds the
    numbers a message needs (the checkpoint's line, the sequence found after a gap...).
    """

    count: int
    broken_sequence: int | None = None
    problem: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def is_intact(self) -> bool:
        return not self.problem

    @property
    def reason(self) -> str:
        """Why the chain is broken, in plain English for operators (the page translates its own)."""
        d = self.detail
        return {
            "": "",
            ALTERED: "altered: its content no longer matches its hash",
            MISSING: f"missing: gap in the sequence (the next event present is {d.get('found')})",
            BROKEN_LINK: "broken link: its previous hash is not the hash of the event before it",
            TRUNCATED: (
                f"missing: the chain ends at event {d.get('last')} but {d.get('source')} records "
                f"{d.get('expected')} events (truncated tail)"
            ),
            CHECKPOINT_SIGNATURE: (
                f"the checkpoint on line {d.get('line')} of the checkpoint file is unreadable or "
                "its signature is invalid"
            ),
            CHECKPOINT_MISMATCH: (
                f"altered: it does not carry the hash signed by the checkpoint on line "
                f"{d.get('line')}"
            ),
            FORGED: (
                "forged: its seal does not match its hash under the audit key (written or "
                "re-chained without the key)"
            ),
            UNKNOWN_KEY: (
                f"sealed with audit key {d.get('key_id')!r}, which is not among AUDIT_KEYS "
                "(a wrong or missing key, or a forged seal)"
            ),
        }[self.problem]

    def summary(self) -> str:
        """The line ``verify_audit`` prints."""
        if self.is_intact:
            return f"audit chain OK ({self.count} events)"
        where = f" at event {self.broken_sequence}" if self.broken_sequence is not None else ""
        return f"audit chain BROKEN{where}: {self.reason}"


_COLUMNS = (
    "sequence",
    "at",
    "actor_id",
    "actor_label",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "address",
    "details",
    "previous_hash",
    "hash",
    "key_id",
    "seal",
)


# On PostgreSQL the rows are read through a server-side cursor with the time already written as
# the hashed UTC text (``chain.utc_text``) and the details as JSON text: a million rows then cost
# no date parsing and no ORM conversions, which is most of the time otherwise.
_POSTGRESQL_ROWS = """
SELECT sequence,
       to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
       actor_id, actor_label, organisation, action, object_type, object_id, address,
       details::text, previous_hash, hash, key_id, seal
FROM audit_auditevent WHERE sequence >= %s ORDER BY sequence
"""


def _rows(first_sequence: int, chunk_size: int) -> Iterator[tuple[Any, ...]]:
    if connection.vendor == "postgresql":
        return _postgresql_rows(first_sequence, chunk_size)
    events = AuditEvent.objects.filter(sequence__gte=first_sequence).order_by("sequence")
    return events.values_list(*_COLUMNS).iterator(chunk_size)


def _postgresql_rows(first_sequence: int, chunk_size: int) -> Iterator[tuple[Any, ...]]:
    loads = json.loads
    with connection.chunked_cursor() as cursor:
        cursor.execute(_POSTGRESQL_ROWS, [first_sequence])
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                yield (*row[:9], loads(row[9]), *row[10:])


def audit_chain_verify(
    *,
    chunk_size: int = 20_000,
    checkpoints: Sequence[Checkpoint] = (),
    start: Checkpoint | None = None,
) -> ChainReport:
    """Recompute every hash from the first event (or from ``start``); report the first problem.

    An altered event fails its own hash; a removed one leaves a gap in the sequence; an event
    inserted or re-chained fails the link to its predecessor, or, re-chained with every later
    hash recomputed, its seal (an HMAC under the audit key). Each signed checkpoint must be
    valid and its event must carry its hash (so a chain rewritten end to end is caught), and the
    chain must reach the last checkpoint and the head row (so a cut tail is caught). One query,
    streamed: no per-row queries.
    """
    head_sequence, head_hash = AuditHead.objects.filter(id=1).values_list(
        "sequence", "hash"
    ).first() or (0, GENESIS_HASH)
    for checkpoint in checkpoints:
        if not checkpoint.is_valid:
            return ChainReport(
                0, checkpoint.count or None, CHECKPOINT_SIGNATURE, {"line": checkpoint.line}
            )
    pins: dict[int, list[tuple[str, int]]] = {}
    for checkpoint in checkpoints:
        pins.setdefault(checkpoint.count, []).append((checkpoint.hash, checkpoint.line))

    first = start.count if start is not None and start.count > 0 else 1
    # One transaction: PostgreSQL's server-side cursor then needs no WITH HOLD copy of the rows.
    with transaction.atomic():
        broken, count = _walk(first, chunk_size, pins, head_sequence, head_hash)
    if broken is not None:
        return broken

    if start is not None and start.count > 0 and count < start.count:
        return ChainReport(count, count + 1, TRUNCATED, _tail(count, start))
    last_checkpoint = max(checkpoints, key=lambda c: c.count, default=None)
    if last_checkpoint is not None and count < last_checkpoint.count:
        return ChainReport(count, count + 1, TRUNCATED, _tail(count, last_checkpoint))
    if count < head_sequence:
        source = "the chain head"
        return ChainReport(
            count,
            count + 1,
            TRUNCATED,
            {"last": count, "expected": head_sequence, "source": source},
        )
    return ChainReport(count)


def _walk(
    first: int,
    chunk_size: int,
    pins: dict[int, list[tuple[str, int]]],
    head_sequence: int,
    head_hash: str,
) -> tuple[ChainReport | None, int]:
    """Stream the events from ``first``; the first problem found, and how many were in order."""
    expected_sequence = first
    expected_previous: str | None = None if first > 1 else GENESIS_HASH
    count = first - 1
    for row in _rows(first, chunk_size):
        (sequence, at, actor_id, actor_label, organisation, action, object_type, object_id,
         address, details, previous_hash, stored_hash, key_id, seal) = row  # fmt: skip
        if sequence != expected_sequence:
            return ChainReport(count, expected_sequence, MISSING, {"found": sequence}), count
        if expected_previous is not None and previous_hash != expected_previous:
            return ChainReport(count, sequence, BROKEN_LINK), count
        fields = chain.event_fields(
            sequence=sequence,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=object_id,
            address=address,
            details=details,
        )
        if chain.chain_hash(previous_hash, fields) != stored_hash:
            return ChainReport(count, sequence, ALTERED), count
        sealed = keys.event_seal_matches(key_id=key_id, event_hash=stored_hash, seal=seal)
        if sealed is None:
            return ChainReport(count, sequence, UNKNOWN_KEY, {"key_id": key_id}), count
        if not sealed:
            return ChainReport(count, sequence, FORGED), count
        for pinned_hash, line in pins.get(sequence, ()):
            if stored_hash != pinned_hash:
                return ChainReport(count, sequence, CHECKPOINT_MISMATCH, {"line": line}), count
        if sequence == head_sequence and stored_hash != head_hash:
            return ChainReport(count, sequence, BROKEN_LINK), count
        expected_previous = stored_hash
        expected_sequence += 1
        count += 1

    return None, count


def _tail(count: int, checkpoint: Checkpoint) -> dict[str, Any]:
    source = f"the checkpoint on line {checkpoint.line}"
    return {"last": count, "expected": checkpoint.count, "source": source, "line": checkpoint.line}


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    before: int | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the auditor's filters, newest first, those older than sequence ``before``
    when given (keyset paging: no OFFSET, no COUNT). Only auditors may call this."""
    events = AuditEvent.objects.order_by("-sequence")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if since:
        events = events.filter(at__gte=since)
    if until:
        events = events.filter(at__lt=until)
    if before is not None:
        events = events.filter(sequence__lt=before)
    return events
