"""What reading a MISP feed writes: one audit event per file a partner's key reads."""

from vigilance.accounts.api_keys import api_key_label
from vigilance.accounts.models import ApiKey, User
from vigilance.audit.services import audit_record
from vigilance.exchange.models import ExchangeCollection


def misp_feed_read(*, api_key: ApiKey, collection: ExchangeCollection, file: str) -> None:
    """Record that ``api_key`` read ``file`` (manifest.json, an event, hashes.csv)."""
    audit_record(
        actor=None,
        actor_label=api_key_label(api_key),
        action="exchange.misp_feed_read",
        object_type="exchange_collection",
        object_id=collection.slug,
        details={"file": file, "partner": api_key.organisation.code},
    )


def misp_event_downloaded(*, actor: User, collection: ExchangeCollection, event: str) -> None:
    """Record that a staff member downloaded one MISP event of a collection."""
    audit_record(
        actor=actor,
        action="exchange.misp_event_downloaded",
        object_type="exchange_collection",
        object_id=collection.slug,
        details={"event": event},
    )
