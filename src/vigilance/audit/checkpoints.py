"""Signed checkpoints of the audit chain, kept in an append-only file outside the database.

Like a Certificate Transparency signed tree head (RFC 9162), a checkpoint is a small signed
statement: "at time ``at`` the chain had ``count`` events and the last one's hash was ``hash``".
One JSON object per line of ``settings.AUDIT_CHECKPOINT_PATH``, signed with HMAC-SHA256 under
``settings.AUDIT_CHECKPOINT_KEY``. Whoever rewrites the database alone (re-chaining every hash,
or cutting the tail) cannot make the chain agree with the checkpoints already written.
"""

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from vigilance.audit import chain
from vigilance.audit.models import GENESIS_HASH, AuditEvent
from vigilance.audit.selectors import ChainReport, audit_chain_verify


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file. ``is_valid`` is False for a bad signature or a line that
    cannot be read (then ``count`` is 0 and ``hash`` empty)."""

    line: int
    count: int
    hash: str
    at: str
    signature: str
    is_valid: bool


class ChainNotVerified(RuntimeError):
    """The chain does not verify: no checkpoint is signed over it."""

    def __init__(self, report: ChainReport) -> None:
        super().__init__(report.summary())
        self.report = report


def checkpoint_signature(*, count: int, hash: str, at: str) -> str:
    """HMAC-SHA256 over the canonical JSON of the signed fields."""
    message = chain.canonical_json({"count": count, "hash": hash, "at": at})
    return hmac.new(settings.AUDIT_CHECKPOINT_KEY.encode(), message, hashlib.sha256).hexdigest()


def _parse(line_number: int, line: str) -> Checkpoint:
    try:
        data = json.loads(line)
        count, hash, at, signature = data["count"], data["hash"], data["at"], data["signature"]
        if not (isinstance(count, int) and count >= 0):
            raise ValueError(count)
        if not all(isinstance(value, str) for value in (hash, at, signature)):
            raise ValueError(hash)
    except (ValueError, TypeError, KeyError):
        return Checkpoint(line_number, 0, "", "", "", is_valid=False)
    expected = checkpoint_signature(count=count, hash=hash, at=at)
    is_valid = hmac.compare_digest(expected, signature)
    return Checkpoint(line_number, count, hash, at, signature, is_valid=is_valid)


def checkpoints_load(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint of the file, in order (an absent file has none). Blank lines are skipped."""
    path = Path(path or settings.AUDIT_CHECKPOINT_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [
        _parse(number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def checkpoint_last_valid(checkpoints: list[Checkpoint]) -> Checkpoint | None:
    return max((c for c in checkpoints if c.is_valid), key=lambda c: c.count, default=None)


def _append_durably(path: Path, line: str) -> None:
    """Append one line and fsync it (and the folder when the file is new); one writer at a time."""
    is_new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if is_new:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def audit_checkpoint_write(*, path: Path | None = None) -> Checkpoint:
    """Sign the chain as it stands now and append the checkpoint to the file.

    The events written since the last valid checkpoint are verified first (cheap): a broken
    chain raises ``ChainNotVerified`` and nothing is signed, so a checkpoint never vouches for
    tampered events.
    """
    path = Path(path or settings.AUDIT_CHECKPOINT_PATH)
    checkpoints = checkpoints_load(path)
    start = checkpoint_last_valid(checkpoints)
    report = audit_chain_verify(start=start, checkpoints=[start] if start else [])
    if not report.is_intact:
        raise ChainNotVerified(report)
    last = (
        AuditEvent.objects.filter(sequence__lte=report.count)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )
    count, last_hash = last if last is not None else (0, GENESIS_HASH)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    signature = checkpoint_signature(count=count, hash=last_hash, at=at)
    record = {"count": count, "hash": last_hash, "at": at, "signature": signature}
    _append_durably(path, json.dumps(record, sort_keys=True) + "\n")
    line = checkpoints_load(path)[-1].line
    return Checkpoint(line, count, last_hash, at, signature, is_valid=True)
