"""The audit keys: secrets the database never holds, which seal each event and sign checkpoints.

``settings.AUDIT_KEYS`` lists them; the first seals and signs, every one still verifies (key
rotation). Each key is named by a short id derived from it, written beside every seal and
checkpoint, so the verifier knows which key to try without the database naming the secret.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes

    def mac(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def audit_key_id(secret: str) -> str:
    """Eight hex characters that name a key without revealing it (an HMAC of a fixed text)."""
    return hmac.new(secret.encode(), b"vigilance audit key id", hashlib.sha256).hexdigest()[:8]


_cache: tuple[tuple[str, ...], list[AuditKey]] | None = None


def audit_keys() -> list[AuditKey]:
    """The configured keys, signing key first (built once per setting value)."""
    global _cache
    secrets = tuple(settings.AUDIT_KEYS)
    if _cache is None or _cache[0] != secrets:
        _cache = (secrets, [AuditKey(audit_key_id(s), s.encode()) for s in secrets])
    return _cache[1]


def audit_key_signing() -> AuditKey:
    return audit_keys()[0]


def audit_key_get(key_id: str) -> AuditKey | None:
    return next((key for key in audit_keys() if key.id == key_id), None)


def event_seal(key: AuditKey, event_hash: str) -> str:
    """The seal of an event: HMAC-SHA256 of its chain hash, which covers its content, its
    sequence number and, through the previous hash, every event before it."""
    return key.mac(event_hash.encode("ascii"))


def event_seal_matches(*, key_id: str, event_hash: str, seal: str) -> bool | None:
    """True or False, or None when no configured key has that id."""
    key = audit_key_get(key_id)
    if key is None:
        return None
    return hmac.compare_digest(event_seal(key, event_hash), seal)
