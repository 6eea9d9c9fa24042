"""Writing to the audit trail. Every service that changes something, or reads personal data or
evidence, calls ``audit_record`` inside its own transaction, with the actor who acted."""

from datetime import datetime
from typing import Any, Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigilance.audit import chain
from vigilance.audit.context import current_address
from vigilance.audit.models import AuditEvent, AuditHead


class Actor(Protocol):
    pk: Any

    def get_username(self) -> str: ...


def _organisation_code(actor: Actor | None) -> str:
    organisation = getattr(actor, "organisation", None)
    return str(getattr(organisation, "code", "")) if organisation is not None else ""


@transaction.atomic
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
    # Locking the head first, by writing to it, is what keeps concurrent writers in one line.
    if not AuditHead.objects.filter(id=1).update(sequence=F("sequence") + 1):
        # The head is made by a migration; only an emptied database (a test flush) lacks it.
        AuditHead.objects.get_or_create(id=1)
        AuditHead.objects.filter(id=1).update(sequence=F("sequence") + 1)
    head = AuditHead.objects.get(id=1)
    fields = chain.event_fields(
        sequence=head.sequence,
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
    event_hash = chain.chain_hash(head.hash, fields)
    event = AuditEvent.objects.create(
        sequence=fields["sequence"],
        at=datetime.fromisoformat(fields["at"]),
        actor_id=fields["actor_id"],
        actor_label=fields["actor_label"],
        organisation=fields["organisation"],
        action=action,
        object_type=object_type,
        object_id=fields["object_id"],
        address=fields["address"],
        details=fields["details"],
        previous_hash=head.hash,
        hash=event_hash,
    )
    AuditHead.objects.filter(id=1).update(hash=event_hash)
    return event
