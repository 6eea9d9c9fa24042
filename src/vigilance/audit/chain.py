"""How an event's hash is computed: plain functions shared by the writer and the verifier."""

import datetime as dt
import hashlib
import json
from typing import Any

# One encoder for every event (json.dumps with options builds a new one per call).
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
)


def canonical_json(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes for the same event on any machine."""
    return _CANONICAL.encode(fields).encode("utf-8")


def plain_json(value: dict[str, Any]) -> dict[str, Any]:
    """The value as it reads back from a JSON column: dates, decimals and UUIDs become strings."""
    plain: dict[str, Any] = json.loads(canonical_json(value))
    return plain


def utc_text(at: dt.datetime) -> str:
    """``2026-05-01T07:30:00.000000+00:00``: the form of a time inside the hashed fields."""
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_fields(
    *,
    sequence: int,
    at: dt.datetime | str,
    actor_id: int | None,
    actor_label: str,
    organisation: str,
    action: str,
    object_type: str,
    object_id: str,
    address: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    """The hashed fields. ``at`` may come already written as the UTC ISO text (the verifier asks
    PostgreSQL for it, which spares parsing and re-formatting a million dates)."""
    return {
        "sequence": sequence,
        "at": at if isinstance(at, str) else utc_text(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "organisation": organisation,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "address": address,
        "details": details,
    }


def chain_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + canonical_json(fields)).hexdigest()
