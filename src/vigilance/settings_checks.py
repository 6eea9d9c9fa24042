"""What the production shape refuses at start-up: settings that are missing, weak or would only
fail later (a wrong key when the first file is encrypted, a bad certificate at the first receipt).

Each check takes plain values and returns the problem in one sentence naming the variable, or
None; ``settings.py`` gathers them and stops with all of them listed.
"""

from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.serialization import pkcs12

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
HTTP_SMS_BACKEND = "vigilance.core.sms.HttpSMSBackend"
# Django's own bar for SECRET_KEY (security.W009), and one for the audit keys' HMAC.
SECRET_KEY_MIN_LENGTH = 50
AUDIT_KEY_MIN_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 5


def _is_weak(value: str, min_length: int) -> bool:
    return (
        len(value) < min_length
        or len(set(value)) < MIN_DISTINCT_CHARACTERS
        or value.startswith("django-insecure-")
        or "change-me" in value
    )


def database_problem(*, is_set: bool, engine: str) -> str | None:
    if not is_set:
        return "DATABASE_URL must be set (postgres://user:password@host:5432/name)."
    if engine != "django.db.backends.postgresql":
        return "DATABASE_URL must name a PostgreSQL database (postgres://...)."
    return None


def secret_key_problem(value: str) -> str | None:
    if not value:
        return "SECRET_KEY must be set."
    if _is_weak(value, SECRET_KEY_MIN_LENGTH):
        return (
            f"SECRET_KEY is too weak: use {SECRET_KEY_MIN_LENGTH} or more random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
        )
    return None


def evidence_keys_problem(keys: list[str]) -> str | None:
    if not keys or not all(keys):
        return "EVIDENCE_KEYS (or EVIDENCE_KEY) must be set."
    try:
        MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        return (
            "EVIDENCE_KEYS holds a value that is not a Fernet key (32 bytes in URL-safe base64, "
            "from Fernet.generate_key())."
        )
    return None


def audit_keys_problem(keys: list[str]) -> str | None:
    if not keys or not all(keys):
        return (
            "AUDIT_KEYS must be set (a former AUDIT_CHECKPOINT_KEY goes after the new key, so "
            "that the checkpoints it signed still verify)."
        )
    if any(_is_weak(key, AUDIT_KEY_MIN_LENGTH) for key in keys):
        return (
            f"AUDIT_KEYS holds a key that is too weak: {AUDIT_KEY_MIN_LENGTH}+ random characters."
        )
    return None


def signing_certificate_problem(path: Path, passphrase: str) -> str | None:
    """The PKCS#12 file opens with its passphrase and holds a key and a certificate."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"SIGNING_CERTIFICATE {path} cannot be read ({error.strerror})."
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except ValueError:
        return (
            f"SIGNING_CERTIFICATE {path} does not open with SIGNING_CERTIFICATE_PASSPHRASE "
            "(wrong passphrase or not a PKCS#12 file)."
        )
    if key is None or certificate is None:
        return f"SIGNING_CERTIFICATE {path} holds no private key and certificate."
    return None


def mail_problem(*, backend: str, host_is_set: bool, sender: str) -> str | None:
    if backend == SMTP_BACKEND and not host_is_set:
        return "EMAIL_HOST must be set when EMAIL_BACKEND is SMTP."
    if "@" not in parseaddr(sender)[1]:
        return "DEFAULT_FROM_EMAIL must be a sender address (Vigilance <no-reply@example.cm>)."
    return None


def sms_problem(*, backend: str, gateway_url: str, gateway_token: str) -> str | None:
    if backend != HTTP_SMS_BACKEND:
        return None
    parts = urlsplit(gateway_url)
    if parts.scheme != "https" or not parts.hostname:
        return "SMS_GATEWAY_URL must be the https:// address of the SMS gateway."
    if not gateway_token:
        return "SMS_GATEWAY_TOKEN must be set when the HTTP SMS gateway is used."
    return None
