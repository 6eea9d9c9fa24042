"""Every write to evidence: receiving a file, reading it back, checking, rotating and purging it.

Each of them leaves a link in the file's custody log. A read by staff, an integrity failure, a
re-encryption and a deletion also go to the audit trail, in the same transaction.
"""

import enum
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.evidence import crypto, storage
from vigilance.evidence.filetypes import detect
from vigilance.evidence.models import CustodyEvent, Evidence

# Why a job touched a file, as the custody log records it (data for the record, not a page).
VERIFY_PURPOSE = "periodic integrity check"
PURGE_PURPOSE = "staged file never attached to a report"
DISCARD_PURPOSE = "removed from the report form by the reporter"
ROTATION_PURPOSE = "evidence key rotation"


class Rotation(enum.Enum):
    REENCRYPTED = "reencrypted"
    UP_TO_DATE = "up_to_date"
    INTEGRITY_FAILED = "integrity_failed"


class EvidenceRejected(ValueError):
    """A file we will not keep, with the reason in the reporter's language; ``reason`` says which
    check refused it (an API answers 413 for a file too large, 415 for a refused type)."""

    TOO_LARGE = "too_large"
    REFUSED_TYPE = "refused_type"
    EMPTY = "empty"

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class EvidenceIntegrityError(RuntimeError):
    """A stored file no longer matches the hash taken on arrival."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    content: bytes


def incoming_from_upload(upload: UploadedFile) -> IncomingFile:
    """Read an upload, refusing it early when it is too big."""
    if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(_too_big_message(), EvidenceRejected.TOO_LARGE)
    content = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    return IncomingFile(name=upload.name or "", content=content)


def _too_big_message() -> str:
    return _("This file is too large: the limit is %(limit)s per file.") % {
        "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)
    }


def safe_display_name(name: str) -> str:
    """A file name fit to show: no folders, no control characters, bounded length."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C"
    )
    return name.strip()[:200] or "file"


def check_incoming(incoming: IncomingFile) -> str:
    """Validate a file; return its detected content type or raise EvidenceRejected."""
    if not incoming.content:
        raise EvidenceRejected(_("This file is empty."), EvidenceRejected.EMPTY)
    if len(incoming.content) > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(_too_big_message(), EvidenceRejected.TOO_LARGE)
    content_type = detect(incoming.content[:8192])
    if content_type is None:
        raise EvidenceRejected(
            _(
                "This type of file is not accepted. Send pictures (JPEG, PNG), PDF documents, "
                "audio recordings, short videos, e-mails or text files."
            ),
            EvidenceRejected.REFUSED_TYPE,
        )
    return content_type


@transaction.atomic
def evidence_receive(
    *,
    incoming: IncomingFile,
    actor: User | None = None,
    actor_label: str,
    is_attached: bool = True,
    purpose: str = "",
) -> Evidence:
    """Hash, encrypt and durably write a file, then record it. Call inside the owner's transaction.

    ``purpose`` says where the file came from in its custody log ("answer to ...")."""
    content_type = check_incoming(incoming)
    storage_name = storage.new_storage_name()
    storage.write_durably(storage_name, crypto.encrypt(incoming.content))
    evidence = Evidence.objects.create(
        sha256=hashlib.sha256(incoming.content).hexdigest(),
        size=len(incoming.content),
        content_type=content_type,
        original_name=safe_display_name(incoming.name),
        storage_name=storage_name,
        key_fingerprint=crypto.current_key_fingerprint(),
        added_by=actor,
        is_attached=is_attached,
    )
    CustodyEvent.objects.create(
        evidence=evidence,
        action=CustodyEvent.Action.RECEIVED,
        actor=actor,
        actor_label=actor_label,
        purpose=purpose[:200],
    )
    return evidence


def _content_if_intact(evidence: Evidence, token: bytes | None = None) -> bytes | None:
    """The decrypted content when it still matches the hash taken on arrival, else None.

    A missing file, a token altered on disk (Fernet's HMAC fails) and a valid token holding other
    content are all the same finding: this file can no longer be proven to be what was received.
    """
    try:
        content = crypto.decrypt(storage.read(evidence.storage_name) if token is None else token)
    except (OSError, InvalidToken):
        return None
    if not hmac.compare_digest(hashlib.sha256(content).hexdigest(), evidence.sha256):
        return None
    return content


def _record_custody(
    evidence: Evidence,
    action: str,
    *,
    actor: User | None = None,
    actor_label: str,
    purpose: str = "",
) -> CustodyEvent:
    return CustodyEvent.objects.create(
        evidence=evidence, action=action, actor=actor, actor_label=actor_label, purpose=purpose
    )


def _audit(
    evidence: Evidence,
    action: str,
    *,
    actor: User | None = None,
    actor_label: str,
    purpose: str = "",
) -> None:
    """The audit event that goes with a custody event (by public id; never the file's name)."""
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type="evidence",
        object_id=evidence.public_id,
        details={"purpose": purpose} if purpose else {},
    )


def evidence_read(
    *,
    evidence: Evidence,
    actor: User | None,
    actor_label: str,
    purpose: str,
    downloaded: bool = False,
) -> bytes:
    """Decrypt a file after checking its hash; the access, or the failed check, goes to the custody log.

    A read by a staff member (``actor``) is audited as ``evidence.read`` (``evidence.downloaded``
    when the file is handed out as a download); a failed check as ``evidence.integrity_failed``.
    """
    content = _content_if_intact(evidence)
    with transaction.atomic():
        if content is None:
            _record_custody(
                evidence,
                CustodyEvent.Action.INTEGRITY_FAILED,
                actor=actor,
                actor_label=actor_label,
                purpose=purpose,
            )
            _audit(
                evidence,
                "evidence.integrity_failed",
                actor=actor,
                actor_label=actor_label,
                purpose=purpose,
            )
        else:
            custody = CustodyEvent.Action.DOWNLOADED if downloaded else CustodyEvent.Action.READ
            _record_custody(
                evidence, custody, actor=actor, actor_label=actor_label, purpose=purpose
            )
            if actor is not None:
                action = "evidence.downloaded" if downloaded else "evidence.read"
                _audit(evidence, action, actor=actor, actor_label=actor_label, purpose=purpose)
    if content is None:
        raise EvidenceIntegrityError(evidence.public_id)
    return content


@transaction.atomic
def evidence_verify(*, evidence: Evidence, actor_label: str) -> bool:
    """Re-hash a stored file and record the outcome in its custody log; True when it is intact.

    A mismatch is also audited (``evidence.integrity_failed``).
    """
    is_intact = _content_if_intact(evidence) is not None
    _record_custody(
        evidence,
        CustodyEvent.Action.VERIFIED if is_intact else CustodyEvent.Action.INTEGRITY_FAILED,
        actor_label=actor_label,
        purpose=VERIFY_PURPOSE,
    )
    if not is_intact:
        _audit(
            evidence, "evidence.integrity_failed", actor_label=actor_label, purpose=VERIFY_PURPOSE
        )
    return is_intact


@transaction.atomic
def evidence_purge(*, evidence: Evidence, actor_label: str) -> bool:
    """Delete the file of a staged evidence nobody attached; the row stays for the custody trail.

    The file goes last, inside the transaction: if the commit fails, the row still says the file
    exists and the next run deletes it again (a missing file is not an error). Returns False when
    the evidence was attached or deleted meanwhile.
    """
    locked = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    if locked is None or locked.is_attached or locked.deleted_at is not None:
        return False
    locked.deleted_at = timezone.now()
    locked.save(update_fields=["deleted_at"])
    _record_custody(
        locked,
        CustodyEvent.Action.DELETED,
        actor_label=actor_label,
        purpose=PURGE_PURPOSE,
    )
    _audit(locked, "evidence.deleted", actor_label=actor_label, purpose=PURGE_PURPOSE)
    storage.delete(locked.storage_name)
    evidence.deleted_at = locked.deleted_at
    return True


@transaction.atomic
def evidence_discard(*, evidence: Evidence, actor_label: str) -> bool:
    """Delete a staged file the reporter took off their form: its stored copy and its row.

    Nothing of it reached a report, so nothing is kept but the audit event. The file goes last,
    inside the transaction, so a failed commit leaves a row the nightly purge still removes.
    Returns False when the evidence was attached to a report or removed meanwhile.
    """
    locked = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    if locked is None or locked.is_attached or locked.deleted_at is not None:
        return False
    _audit(locked, "evidence.discarded", actor_label=actor_label, purpose=DISCARD_PURPOSE)
    locked.custody.all().delete()
    locked.delete()
    storage.delete(evidence.storage_name)
    return True


@transaction.atomic
def evidence_reencrypt(*, evidence: Evidence, actor_label: str) -> Rotation:
    """Rewrite a file under the current key, after checking it against its arrival hash.

    The new token is checked against the arrival hash before it replaces the old one, so a
    rotation never launders a tampered file. The file is replaced atomically before the row
    changes: a crash in between leaves a file the current key opens, and the next run
    rotates it again (rotating a token already under the current key is harmless).
    """
    locked = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    fingerprint = crypto.current_key_fingerprint()
    if locked is None or locked.deleted_at is not None or locked.key_fingerprint == fingerprint:
        return Rotation.UP_TO_DATE
    try:
        token = crypto.reencrypt(storage.read(locked.storage_name))
    except (OSError, InvalidToken):
        token = None
    if token is None or _content_if_intact(locked, token) is None:
        _record_custody(
            locked,
            CustodyEvent.Action.INTEGRITY_FAILED,
            actor_label=actor_label,
            purpose=ROTATION_PURPOSE,
        )
        _audit(
            locked, "evidence.integrity_failed", actor_label=actor_label, purpose=ROTATION_PURPOSE
        )
        return Rotation.INTEGRITY_FAILED
    storage.write_durably(locked.storage_name, token)
    locked.key_fingerprint = fingerprint
    locked.save(update_fields=["key_fingerprint"])
    _record_custody(
        locked,
        CustodyEvent.Action.REENCRYPTED,
        actor_label=actor_label,
        purpose=ROTATION_PURPOSE,
    )
    _audit(locked, "evidence.reencrypted", actor_label=actor_label, purpose=ROTATION_PURPOSE)
    evidence.key_fingerprint = fingerprint
    return Rotation.REENCRYPTED
