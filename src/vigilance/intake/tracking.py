"""References (VIG-YYYY-NNNNNN) and secret tracking codes, as plain functions."""

import base64
import hashlib
import hmac
import re
import secrets

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 x 5 bits = 80 bits of randomness
_REFERENCE = re.compile(r"^VIG-(\d{4})-(\d{6,})$")
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
# RFC 4648's base32 alphabet, letter for letter, to Crockford's.
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


REFERENCE_DIGITS = 6


def reference_prefix(year: int) -> str:
    return f"VIG-{year:04d}-"


def format_reference(year: int, number: int) -> str:
    return f"{reference_prefix(year)}{number:0{REFERENCE_DIGITS}d}"


def normalise_reference(raw: str) -> str | None:
    """The reference as stored, or None when it cannot be one."""
    value = raw.strip().upper()
    return value if _REFERENCE.match(value) else None


def new_tracking_code() -> str:
    """A fresh secret code, shown to the reporter once, e.g. ``7KQ2-M9XD-4HTW-P0BN``."""
    # 80 random bits read at once, 5 to a character (where one read per character cost 16).
    raw = (
        base64.b32encode(secrets.token_bytes(CODE_LENGTH * 5 // 8))
        .decode()
        .translate(_TO_CROCKFORD)
    )
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def canonical_code(raw: str) -> str:
    """What a person typed, without dashes, spaces or case, with look-alike letters mended."""
    return re.sub(r"[\s\-_.]", "", raw).upper().translate(_CONFUSABLE)[:64]


def hash_tracking_code(code: str) -> str:
    # The code carries 80 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(canonical_code(code).encode()).hexdigest()


def tracking_code_matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_tracking_code(raw), stored_hash)
