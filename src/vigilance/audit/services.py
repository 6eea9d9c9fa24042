"""Writing to the audit trail. Every service that changes something, or reads personal data or
evidence, calls ``audit_record`` inside its own transaction, with the actor who acted.

The auditors' own reads (a page of the trail, a verification) are audited here too.
"""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from vigilance.audit import chain
from vigilance.audit.batch import held_or_appended
from vigilance.audit.checkpoints import checkpoints_load
from vigilance.audit.context import current_address
from vigilance.audit.models import AuditEvent
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
    event = AuditEvent(
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
    # No savepoint: the event belongs to the caller's transaction and fails with it. Inside an
    # ``audit_batch`` block it is held and appended with the others when the block ends;
    # otherwise it is appended now, and comes back with its place in the chain.
    held_or_appended(event)
    return event


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
