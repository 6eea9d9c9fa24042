"""Encryption of evidence at rest with Fernet (AES-128-CBC + HMAC-SHA256), keys from settings.

The first key in ``EVIDENCE_KEYS`` encrypts; all of them decrypt, so keys can be rotated.
"""

import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _keys() -> tuple[Fernet, ...]:
    return tuple(Fernet(key.encode()) for key in settings.EVIDENCE_KEYS)


def current_key_fingerprint() -> str:
    return hashlib.sha256(settings.EVIDENCE_KEYS[0].encode()).hexdigest()[:16]


def encrypt(content: bytes) -> bytes:
    return _keys()[0].encrypt(content)


def decrypt(token: bytes) -> bytes:
    return MultiFernet(list(_keys())).decrypt(token)


def reencrypt(token: bytes) -> bytes:
    """The same content under the current key."""
    return MultiFernet(list(_keys())).rotate(token)


def is_under_current_key(token: bytes) -> bool:
    """Whether the current key alone opens ``token`` (nothing to rotate)."""
    try:
        _keys()[0].decrypt(token)
    except InvalidToken:
        return False
    return True
