"""Every write to evidence: receiving a file, reading it back with its custody recorded."""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.evidence import crypto, storage
from vigilance.evidence.filetypes import detect
from vigilance.evidence.models import CustodyEvent, Evidence


class EvidenceRejected(ValueError):
    """A file we will not keep, with the reason in the reporter's language."""


class EvidenceIntegrityError(RuntimeError):
    """A stored file no longer matches the hash taken on arrival."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    content: bytes


def incoming_from_upload(upload: UploadedFile) -> IncomingFile:
    """Read an upload, refusing it early when it is too big."""
    if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(_too_big_message())
    content = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    return IncomingFile(name=upload.name or "", content=content)


def _too_big_message() -> str:
    limit_mb = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
    return _("This file is too large: the limit is %(limit)s MB per file.") % {"limit": limit_mb}


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
        raise EvidenceRejected(_("This file is empty."))
    if len(incoming.content) > settings.EVIDENCE_MAX_BYTES:
        raise EvidenceRejected(_too_big_message())
    content_type = detect(incoming.content[:8192])
    if content_type is None:
        raise EvidenceRejected(
            _(
                "This type of file is not accepted. Send pictures (JPEG, PNG), PDF documents, "
                "audio recordings, short videos, e-mails or text files."
            )
        )
    return content_type


@transaction.atomic
def evidence_receive(
    *,
    incoming: IncomingFile,
    actor: User | None = None,
    actor_label: str,
    is_attached: bool = True,
) -> Evidence:
    """Hash, encrypt and durably write a file, then record it. Call inside the owner's transaction."""
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
        evidence=evidence, action=CustodyEvent.Action.RECEIVED, actor=actor, actor_label=actor_label
    )
    return evidence


def evidence_read(
    *, evidence: Evidence, actor: User | None, actor_label: str, purpose: str
) -> bytes:
    """Decrypt a file after checking its hash; the access, or the failed check, goes to the custody log."""
    content = crypto.decrypt(storage.read(evidence.storage_name))
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        CustodyEvent.objects.create(
            evidence=evidence,
            action=CustodyEvent.Action.INTEGRITY_FAILED,
            actor=actor,
            actor_label=actor_label,
            purpose=purpose,
        )
        raise EvidenceIntegrityError(evidence.public_id)
    CustodyEvent.objects.create(
        evidence=evidence,
        action=CustodyEvent.Action.READ,
        actor=actor,
        actor_label=actor_label,
        purpose=purpose,
    )
    return content
