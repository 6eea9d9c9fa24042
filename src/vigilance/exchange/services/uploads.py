"""Files staff upload on a partner's behalf: saved under the var dir while hashed, imported by a
Celery job after the request, then deleted.

A refusal known at upload time (too big, not STIX nor MISP, an organisation the platform does
not exchange with) is recorded like any refused import: a batch with its code, audited naming
the partner, so the list of imports shows it.
"""

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.signing import TimestampSigner
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from vigilance.accounts.api_keys import key_permissions_allowed
from vigilance.accounts.models import Organisation, User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import NotFound
from vigilance.exchange.models import ImportBatch
from vigilance.exchange.parsers import detect_format, parser_for
from vigilance.exchange.services.imports import (
    ImportRefused,
    IncomingIndicator,
    import_batch_run,
)

WRITE_CHUNK = 1024 * 1024
UPLOAD_SIGNER = TimestampSigner(salt="exchange.import-upload")


@dataclass(frozen=True)
class SavedUpload:
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class UploadStarted:
    """What the staff member waits for: ``waiting`` names the import to come; ``batch`` is set
    when the file was refused at once."""

    waiting: str
    batch: ImportBatch | None = None


def is_exchange_partner(organisation: Organisation) -> bool:
    """Whether the platform exchanges indicators with ``organisation`` (its kind may hold an
    ``exchange`` key)."""
    return Permission.EXCHANGE in key_permissions_allowed(organisation)


def upload_dir() -> Path:
    directory = Path(settings.EXCHANGE_UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def upload_save(*, file: UploadedFile, max_bytes: int) -> SavedUpload:
    """Copy ``file`` under the var dir, hashing as it goes; refuses past ``max_bytes``."""
    path = upload_dir() / f"{uuid.uuid4().hex}.json"
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("wb") as out:
            for chunk in file.chunks(WRITE_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ImportRefused("too_big", limit=filesizeformat(max_bytes))
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SavedUpload(path=path, sha256=digest.hexdigest(), size=size)


def _refusing(refusal: ImportRefused) -> Iterator[IncomingIndicator]:
    raise refusal
    yield  # a generator: the refusal is raised inside the import's transaction


def _refuse(
    *,
    actor: User,
    partner: Organisation,
    refusal: ImportRefused,
    sha256: str,
    size: int,
    filename: str,
) -> ImportBatch:
    return import_batch_run(
        partner=partner,
        format="",
        sha256=sha256,
        items=_refusing(refusal),
        size=size,
        filename=filename,
        actor=actor,
    )


def import_upload_start(
    *,
    actor: User,
    partner: Organisation,
    file: UploadedFile,
    default_tlp: str,
    confidence: int,
) -> UploadStarted:
    """Save ``file`` and import it after the request, as ``partner``'s, by a Celery job."""
    if not can(actor, Permission.ANALYSE_INDICATORS):
        raise NotFound
    filename = (file.name or "")[:255]
    max_bytes = settings.EXCHANGE_UPLOAD_MAX_BYTES
    refuse = partial(_refuse, actor=actor, partner=partner, filename=filename)
    if not is_exchange_partner(partner):
        refusal = ImportRefused("wrong_partner", partner=partner.name)
        return _started(refuse(refusal=refusal, sha256="", size=file.size or 0))
    if (file.size or 0) > max_bytes:
        refusal = ImportRefused("too_big", limit=filesizeformat(max_bytes))
        return _started(refuse(refusal=refusal, sha256="", size=file.size or 0))
    try:
        saved = upload_save(file=file, max_bytes=max_bytes)
    except ImportRefused as refusal:
        return _started(refuse(refusal=refusal, sha256="", size=file.size or 0))
    try:
        format = detect_format(saved.path)
    except ImportRefused as refusal:
        saved.path.unlink(missing_ok=True)
        return _started(refuse(refusal=refusal, sha256=saved.sha256, size=saved.size))
    since = dt.datetime.now(dt.UTC)
    # The job module imports this one: looked up here, once the app is loaded.
    from vigilance.exchange import tasks

    job = partial(
        tasks.exchange_import_file.delay,
        path=str(saved.path),
        partner_id=partner.pk,
        format=format,
        sha256=saved.sha256,
        size=saved.size,
        filename=filename,
        default_tlp=default_tlp,
        confidence=confidence,
        actor_id=actor.pk,
    )
    transaction.on_commit(job)
    waiting = UPLOAD_SIGNER.sign_object(
        {"partner": partner.pk, "sha256": saved.sha256, "since": since.isoformat()}
    )
    return UploadStarted(waiting=waiting)


def _started(batch: ImportBatch) -> UploadStarted:
    return UploadStarted(waiting="", batch=batch)


def import_file_run(
    *,
    path: Path,
    partner: Organisation,
    format: str,
    sha256: str,
    size: int,
    filename: str,
    default_tlp: str,
    confidence: int,
    actor: User | None,
) -> ImportBatch:
    """Import a saved upload (the Celery job's body), then delete the file whatever happened."""
    run = partial(
        import_batch_run,
        partner=partner,
        format=format,
        sha256=sha256,
        size=size,
        filename=filename,
        actor=actor,
    )
    try:
        if not path.exists():
            return run(items=_refusing(ImportRefused("file_missing")))
        parser = parser_for(format)
        return run(items=parser(path, default_tlp=default_tlp, confidence=confidence))
    finally:
        path.unlink(missing_ok=True)
