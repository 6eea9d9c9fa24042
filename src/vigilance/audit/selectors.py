"""Reading the audit trail: the auditors' filtered list and the chain verification."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from vigilance.audit import chain
from vigilance.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    """The verdict on the chain: intact, or the first event found broken and why."""

    count: int
    broken_sequence: int | None = None
    reason: str = ""

    @property
    def is_intact(self) -> bool:
        return self.broken_sequence is None


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
)


def _rows(chunk_size: int) -> Iterator[tuple[Any, ...]]:
    return AuditEvent.objects.order_by("sequence").values_list(*_COLUMNS).iterator(chunk_size)


def audit_chain_verify(*, chunk_size: int = 20_000) -> ChainReport:
    """Recompute every hash from the first event; the first mismatch or gap is reported.

    An altered event fails its own hash; a removed one leaves a gap in the sequence; an event
    inserted or re-chained fails the link to its predecessor.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    count = 0
    for row in _rows(chunk_size):
        (sequence, at, actor_id, actor_label, organisation, action, object_type, object_id,
         address, details, previous_hash, stored_hash) = row  # fmt: skip
        if sequence != expected_sequence:
            return ChainReport(count, expected_sequence, "missing: the sequence jumps here")
        if previous_hash != expected_previous:
            return ChainReport(count, sequence, "its link to the previous event is broken")
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
            return ChainReport(count, sequence, "its content does not match its hash")
        expected_previous = stored_hash
        expected_sequence += 1
        count += 1
    return ChainReport(count)


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the auditor's filters, newest first. Only auditors may call this."""
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
    return events
