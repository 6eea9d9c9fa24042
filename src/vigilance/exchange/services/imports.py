"""Importing what partners send: whole or not at all, once, streamed.

Parsers (STIX bundles, MISP events and feeds) turn a partner's file into ``IncomingIndicator``
items, lazily, and raise ``ImportRefused`` on anything malformed; ``import_batch_run`` writes
them in chunks inside one transaction, so a refusal part-way leaves nothing behind, and a file
already imported from the same partner changes nothing.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vigilance.accounts.models import Organisation, User
from vigilance.audit.services import audit_record
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import (
    ImportBatch,
    ImportSource,
    ImportStatus,
    PartnerIndicator,
)
from vigilance.exchange.warning_lists import on_warning_list
from vigilance.indicators.normalise import InvalidIdentifier, normalise

CHUNK = 1000
PAIRS_PER_STATEMENT = 250


@dataclass(frozen=True)
class IncomingIndicator:
    """One value a partner sent, with what they said of it; ``type`` is the platform's."""

    type: str
    raw_value: str
    tlp: str
    confidence: int | None = None
    external_id: str = ""
    labels: tuple[str, ...] = ()
    description: str = ""
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    is_revoked: bool = False


class ImportRefused(Exception):
    """The file is refused whole: ``code`` names why (worded by ``import_error_message``)."""

    def __init__(self, code: str, **detail: Any) -> None:
        super().__init__(code)
        self.code = code
        self.detail = {key: str(value)[:300] for key, value in detail.items()}


@dataclass
class _Counts:
    objects: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warning_listed: int = 0
    skipped: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)


_COMPARED = (
    "raw_value",
    "tlp",
    "confidence",
    "external_id",
    "labels",
    "description",
    "first_seen",
    "last_seen",
    "valid_until",
    "is_revoked",
    "is_warning_listed",
)


def _fields(item: IncomingIndicator, value: str) -> dict[str, Any]:
    tlp = item.tlp if item.tlp in Tlp.values else Tlp.RED
    return {
        "raw_value": item.raw_value[:500],
        "tlp": tlp,
        "confidence": item.confidence,
        "external_id": item.external_id[:120],
        "labels": sorted(set(item.labels)),
        "description": item.description[:5000],
        "first_seen": item.first_seen,
        "last_seen": item.last_seen,
        "valid_until": item.valid_until,
        "is_revoked": item.is_revoked,
        "is_warning_listed": on_warning_list(item.type, value),
    }


def _existing(
    partner: Organisation, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], PartnerIndicator]:
    """The partner's rows of these (type, value) pairs, each asked as a pair: two lists would
    also match a type of one pair with the value of another, and lead the planner to the
    values' trigram index (decision 0042). ``PAIRS_PER_STATEMENT`` at a time keeps the OR
    within SQLite's expression depth."""
    existing = {}
    for start in range(0, len(keys), PAIRS_PER_STATEMENT):
        condition = Q(pk__in=[])
        for kind, value in keys[start : start + PAIRS_PER_STATEMENT]:
            condition |= Q(type=kind, value=value)
        for row in PartnerIndicator.objects.filter(condition, partner=partner):
            existing[(row.type, row.value)] = row
    return existing


def _write_chunk(
    partner: Organisation, batch: ImportBatch, chunk: list[IncomingIndicator], counts: _Counts
) -> None:
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for item in chunk:
        counts.objects += 1
        try:
            normal = normalise(item.type, item.raw_value)
        except InvalidIdentifier:
            counts.skipped += 1
            continue
        key = (normal.type, normal.value)
        wanted[key] = _fields(item, normal.value)
    existing = _existing(partner, list(wanted))
    created: list[PartnerIndicator] = []
    updated: list[PartnerIndicator] = []
    for key, values in wanted.items():
        if values["is_warning_listed"] and key not in counts.seen:
            counts.warning_listed += 1
        row = existing.get(key)
        if row is None:
            created.append(
                PartnerIndicator(partner=partner, type=key[0], value=key[1], batch=batch, **values)
            )
        elif any(getattr(row, name) != values[name] for name in _COMPARED):
            for name, value in values.items():
                setattr(row, name, value)
            row.batch = batch
            row.updated_at = timezone.now()
            updated.append(row)
        elif key not in counts.seen:
            counts.unchanged += 1
        counts.seen.add(key)
    PartnerIndicator.objects.bulk_create(created, batch_size=CHUNK)
    PartnerIndicator.objects.bulk_update(
        updated, [*_COMPARED, "batch", "updated_at"], batch_size=CHUNK
    )
    counts.created += len(created)
    counts.updated += len(updated)


def _chunks(items: Iterable[IncomingIndicator]) -> Iterator[list[IncomingIndicator]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _audit_label(partner: Organisation, source: ImportSource | None) -> str:
    return f"import:{partner.code}" + (f"/source:{source.pk}" if source else "")


def import_batch_run(
    *,
    partner: Organisation,
    format: str,
    sha256: str,
    items: Iterable[IncomingIndicator],
    size: int = 0,
    filename: str = "",
    source: ImportSource | None = None,
    actor: User | None = None,
) -> ImportBatch:
    """Import ``items`` (a parser's lazy output) from ``partner`` as one batch.

    Returns the batch: ``imported``, ``already_imported`` (the same bytes came before from this
    partner: nothing changes) or ``refused`` (``error_code`` says why; nothing was written).
    Every outcome is audited, naming the partner.
    """
    base = {
        "partner": partner,
        "format": format,
        "sha256": sha256,
        "size": size,
        "filename": filename[:255],
        "source": source,
        "uploaded_by": actor,
    }
    label = "" if actor else _audit_label(partner, source)
    if ImportBatch.objects.filter(
        partner=partner, sha256=sha256, status=ImportStatus.IMPORTED
    ).exists():
        batch = ImportBatch.objects.create(
            **base, status=ImportStatus.ALREADY_IMPORTED, finished_at=timezone.now()
        )
        _audit(actor, label, "exchange.import_repeated", batch)
        return batch
    counts = _Counts()
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(**base, status=ImportStatus.RUNNING)
            for chunk in _chunks(items):
                _write_chunk(partner, batch, chunk, counts)
            batch.status = ImportStatus.IMPORTED
            batch.object_count = counts.objects
            batch.created_count = counts.created
            batch.updated_count = counts.updated
            batch.unchanged_count = counts.unchanged
            batch.warning_listed_count = counts.warning_listed
            batch.skipped_count = counts.skipped
            batch.finished_at = timezone.now()
            batch.save()
            _audit(actor, label, "exchange.import_done", batch)
    except ImportRefused as refusal:
        batch = ImportBatch.objects.create(
            **base,
            status=ImportStatus.REFUSED,
            error_code=refusal.code,
            error_detail=refusal.detail,
            finished_at=timezone.now(),
        )
        _audit(actor, label, "exchange.import_refused", batch)
    return batch


def _audit(actor: User | None, label: str, action: str, batch: ImportBatch) -> None:
    details: dict[str, Any] = {
        "partner": batch.partner.code,
        "format": batch.format,
        "sha256": batch.sha256,
        "size": batch.size,
        "source": batch.source_id,
    }
    if batch.status == ImportStatus.IMPORTED:
        details.update(
            objects=batch.object_count,
            created=batch.created_count,
            updated=batch.updated_count,
            unchanged=batch.unchanged_count,
            warning_listed=batch.warning_listed_count,
            skipped=batch.skipped_count,
        )
    if batch.status == ImportStatus.REFUSED:
        details.update(
            error=batch.error_code, **{f"error_{k}": v for k, v in batch.error_detail.items()}
        )
    audit_record(
        actor=actor,
        actor_label=label,
        action=action,
        object_type="import_batch",
        object_id=batch.pk,
        details=details,
    )
