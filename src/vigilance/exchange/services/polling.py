"""Polling partners' feeds: which sources are due, and one poll of one source.

Each kind of source has its poller (a TAXII 2.1 collection, a MISP feed), named by dotted path:
``poller(source) -> None`` imports what is new through ``import_batch_run`` and moves
``source.cursor``; it raises on a failure, which is recorded on the source and audited.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from django.utils.module_loading import import_string

from vigilance.audit.services import audit_record
from vigilance.exchange.models import ImportSource, SourceKind

POLLERS: dict[str, str] = {
    SourceKind.TAXII: "vigilance.exchange.services.taxii_poll.taxii_source_poll",
    SourceKind.MISP_FEED: "vigilance.exchange.services.misp_feed.misp_feed_source_poll",
}


def sources_due(now: dt.datetime | None = None) -> list[ImportSource]:
    """Active sources never polled, or last polled at least ``poll_minutes`` ago (a few dozen
    rows: compared here, the same on every database)."""
    now = now or timezone.now()
    return [
        source
        for source in ImportSource.objects.filter(is_active=True).select_related("partner")
        if source.last_polled_at is None
        or source.last_polled_at <= now - dt.timedelta(minutes=source.poll_minutes)
    ]


def source_poll(source: ImportSource) -> bool:
    """Poll ``source`` once; True when it succeeded. Failures are kept on the source."""
    poller: Callable[[ImportSource], None] = import_string(POLLERS[source.kind])
    now = timezone.now()
    ImportSource.objects.filter(pk=source.pk).update(last_polled_at=now)
    try:
        poller(source)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"[:2000]
        ImportSource.objects.filter(pk=source.pk).update(last_error=message)
        audit_record(
            actor=None,
            actor_label=f"job:exchange_poll/source:{source.pk}",
            action="exchange.poll_failed",
            object_type="import_source",
            object_id=source.pk,
            details={"partner": source.partner.code, "kind": source.kind, "error": message[:300]},
        )
        return False
    ImportSource.objects.filter(pk=source.pk).update(last_success_at=timezone.now(), last_error="")
    return True
