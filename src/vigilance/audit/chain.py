"""How an event's hash is computed: plain functions shared by the writer and the verifier."""

import datetime as dt
import hashlib
import json
from typing import Any


def canonical_json(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes for the same event on any machine."""
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def plain_json(value: dict[str, Any]) -> dict[str, Any]:
    """The value as it reads back from a JSON column: dates, decimals and UUIDs become strings."""
    plain: dict[str, Any] = json.loads(canonical_json(value))
    return plain


def event_fields(
    *,
    sequence: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    organisation: str,
    action: str,
    object_type: str,
    object_id: str,
    address: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "sequence": sequence,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
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
