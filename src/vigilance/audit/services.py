"""Writing to the audit trail. Every service that changes something, or reads personal data or
evidence, calls ``audit_record`` inside its own transaction, with the actor who acted.

The auditors' own reads (a page of the trail, a verification) are audited here too.
"""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from vigilance.audit import chain, keys
from vigilance.audit.checkpoints import checkpoints_load
from vigilance.audit.context import current_address
from vigilance.audit.models import AuditEvent, AuditHead
from vigilance.audit.selectors import ChainReport, audit_chain_verify, audit_event_list

# The auditors' date filters are days as lived in Cameroon, whatever the server's zone.
CAMEROON_TIME_ZONE = "Africa/Douala"


class Actor(Protocol):
    pk: Any

    def get_username(self) -> str: ...


def _organisation_code(actor: Actor | None) -> str:
    organisation = getattr(actor, "organisation", None)
    return str(getattr(organisation, "code", "")) if organisation is not None else ""


@transaction.atomic(savepoint=False)
def audit_record(
    *,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
    actor_label: str = "",
    address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    ``actor`` is the signed-in user, or None for the public and for jobs, named by
    ``actor_label`` ("reporter", "job:verify_evidence"). ``details`` must be JSON-serialisable
    (other values are written as strings) and must never hold narratives, codes or file content.
    """
    fields = chain.event_fields(
        sequence=0,  # given by the head row below
        at=timezone.now(),
        actor_id=int(actor.pk) if actor is not None and actor.pk is not None else None,
        actor_label=(actor.get_username() if actor is not None else actor_label)[:150],
        organisation=_organisation_code(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        address=(current_address.get() if address is None else address)[:45],
        details=chain.plain_json(details or {}),
    )
    # Locking the head first, by writing to it, is what keeps concurrent writers in one line.
    # No savepoint: the event belongs to the caller's transaction and fails with it.
    head = _head_advance()
    if head is None:
        # The head is made by a migration; only an emptied database (a test flush) lacks it.
        AuditHead.objects.get_or_create(id=1)
        head = _head_advance()
        assert head is not None
    fields["sequence"], previous_hash = head
    event_hash = chain.chain_hash(previous_hash, fields)
    # Sealed here, never in SQL: the key must not reach the database, even in a query.
    key = keys.audit_key_signing()
    event = AuditEvent(
        sequence=fields["sequence"],
        at=dt.datetime.fromisoformat(fields["at"]),
        actor_id=fields["actor_id"],
        actor_label=fields["actor_label"],
        organisation=fields["organisation"],
        action=action,
        object_type=object_type,
        object_id=fields["object_id"],
        address=fields["address"],
        details=fields["details"],
        previous_hash=previous_hash,
        hash=event_hash,
        key_id=key.id,
        seal=keys.event_seal(key, event_hash),
    )
    if connection.vendor == "postgresql":
        _insert_and_move_head(event)
    else:
        event.save(force_insert=True)
        AuditHead.objects.filter(id=1).update(hash=event_hash)
    return event


# PostgreSQL inserts the event and moves the head's hash in one round trip (two in all, with the
# head's lock taken first): the append is in every write's transaction, and holds the lock.
_INSERT_SQL = """
WITH head AS (UPDATE audit_audithead SET hash = %(hash)s WHERE id = 1)
INSERT INTO audit_auditevent (sequence, at, actor_id, actor_label, organisation, action,
    object_type, object_id, address, details, previous_hash, hash, key_id, seal)
VALUES (%(sequence)s, %(at)s, %(actor_id)s, %(actor_label)s, %(organisation)s, %(action)s,
    %(object_type)s, %(object_id)s, %(address)s, %(details)s::jsonb, %(previous_hash)s,
    %(hash)s, %(key_id)s, %(seal)s)
RETURNING id
"""


def _insert_and_move_head(event: AuditEvent) -> None:
    values = {
        name: getattr(event, name)
        for name in (
            "sequence", "at", "actor_id", "actor_label", "organisation", "action",
            "object_type", "object_id", "address", "previous_hash", "hash", "key_id", "seal",
        )
    }  # fmt: skip
    values["details"] = chain.canonical_json(event.details).decode("utf-8")
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, values)
        event.id = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias


def _head_advance() -> tuple[int, str] | None:
    """Take the next sequence number and the last hash in one statement (one round trip), which
    also locks the head row until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_audithead SET sequence = sequence + 1 WHERE id = 1 RETURNING sequence, hash"
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


@dataclass(frozen=True)
class AuditFilters:
    """What an auditor asked for; the dates are calendar days in Cameroon (Africa/Douala)."""

    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_details(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items() if value}


@dataclass(frozen=True)
class EventPage:
    """A page of events, newest first; ``next_before`` is the cursor of the next (older) page."""

    events: list[AuditEvent]
    next_before: int | None


def _start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(CAMEROON_TIME_ZONE))


@transaction.atomic
def audit_trail_read(
    *, actor: Actor, filters: AuditFilters, before: int | None = None, limit: int = 50
) -> EventPage:
    """One page of the trail for an auditor (the caller checks the role), itself audited as
    ``audit.viewed`` with the filters. Keyset paging: never a COUNT or an OFFSET."""
    events = audit_event_list(
        action=filters.action,
        actor=filters.actor,
        object_type=filters.object_type,
        object_id=filters.object_id,
        since=_start_of_day(filters.date_from) if filters.date_from else None,
        until=_start_of_day(filters.date_to + dt.timedelta(days=1)) if filters.date_to else None,
        before=before,
    )
    found = list(events[: limit + 1])
    audit_record(
        actor=actor,
        action="audit.viewed",
        details={"filters": filters.as_details(), "before": before},
    )
    page = found[:limit]
    return EventPage(page, page[-1].sequence if len(found) > limit else None)


def audit_chain_check(*, actor: Actor) -> ChainReport:
    """Verify the whole chain against the signed checkpoints, for an auditor, and record that it
    was checked and the verdict (``audit.verified``). The long read runs outside any transaction."""
    report = audit_chain_verify(checkpoints=checkpoints_load())
    audit_record(
        actor=actor,
        action="audit.verified",
        details={
            "intact": report.is_intact,
            "count": report.count,
            "broken_sequence": report.broken_sequence,
            "problem": report.problem,
        },
    )
    return report
