"""Reads over the evidence store for its periodic jobs: which files to walk, in bounded batches."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from vigilance.evidence import crypto
from vigilance.evidence.models import Evidence

# A file sent from a form is kept this long for the reporter to finish; then it is purged.
STAGED_EVIDENCE_LIFETIME = timedelta(hours=24)


def evidence_in_batches(
    queryset: QuerySet[Evidence], *, batch_size: int
) -> Iterator[list[Evidence]]:
    """The rows of ``queryset`` by increasing id, a bounded batch at a time (keyset pagination).

    Each batch is a fresh query, so rows changed by the previous batch do not shift the walk.
    """
    last_id = 0
    while True:
        batch = list(queryset.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        yield batch
        last_id = batch[-1].id


def evidence_stored() -> QuerySet[Evidence]:
    """Every file still on disk (purged rows stay for their custody trail)."""
    return Evidence.objects.filter(deleted_at__isnull=True)


def evidence_under_old_keys() -> QuerySet[Evidence]:
    return evidence_stored().exclude(key_fingerprint=crypto.current_key_fingerprint())


def evidence_abandoned(*, now: datetime | None = None) -> QuerySet[Evidence]:
    """Files sent from a form that was never submitted, past their lifetime."""
    cutoff = (now or timezone.now()) - STAGED_EVIDENCE_LIFETIME
    return evidence_stored().filter(is_attached=False, received_at__lt=cutoff, reports__isnull=True)
