"""Signed checkpoints of the audit chain, kept in an append-only file outside the database.

Like a Certificate Transparency signed tree head (RFC 9162), a checkpoint is a small signed
statement: "at time ``at`` the chain had ``count`` events and the last one's hash was ``hash``".
One JSON object per line of ``settings.AUDIT_CHECKPOINT_PATH``, signed with HMAC-SHA256 under
the audit key it names (``settings.AUDIT_KEYS``). Whoever rewrites the database alone (re-chaining
every hash, or cutting the tail and moving the head back) cannot make the chain agree with the
checkpoints already written. One is taken every minute and when the web server stops.
"""

import datetime as dt
import fcntl
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

from vigilance.audit import chain, keys
from vigilance.audit.models import GENESIS_HASH, AuditEvent
from vigilance.audit.selectors import ChainReport, audit_chain_verify

logger = logging.getLogger(__name__)


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
    key_id: str = ""


class ChainNotVerified(RuntimeError):
    """The chain does not verify: no checkpoint is signed over it."""

    def __init__(self, report: ChainReport) -> None:
        super().__init__(report.summary())
        self.report = report


def checkpoint_signature(
    *, count: int, hash: str, at: str, key: keys.AuditKey | None = None
) -> str:
    """HMAC-SHA256 over the canonical JSON of the signed fields, under ``key`` (default: the
    signing key)."""
    message = chain.canonical_json({"count": count, "hash": hash, "at": at})
    return (key or keys.audit_key_signing()).mac(message)


def _parse(line_number: int, line: str) -> Checkpoint:
    try:
        data = json.loads(line)
        count, hash, at, signature = data["count"], data["hash"], data["at"], data["signature"]
        key_id = data.get("key", "")
        if not (isinstance(count, int) and count >= 0):
            raise ValueError(count)
        if not all(isinstance(value, str) for value in (hash, at, signature, key_id)):
            raise ValueError(hash)
    except (ValueError, TypeError, KeyError, AttributeError):
        return Checkpoint(line_number, 0, "", "", "", is_valid=False)
    # Lines written before keys had ids name none: any configured key may have signed them.
    candidates = [keys.audit_key_get(key_id)] if key_id else keys.audit_keys()
    is_valid = any(
        key is not None
        and hmac.compare_digest(
            checkpoint_signature(count=count, hash=hash, at=at, key=key), signature
        )
        for key in candidates
    )
    return Checkpoint(line_number, count, hash, at, signature, is_valid, key_id)


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
    if start is not None and (start.count, start.hash) == (count, last_hash):
        return start  # nothing new to vouch for: the file grows only with the chain
    key = keys.audit_key_signing()
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    signature = checkpoint_signature(count=count, hash=last_hash, at=at, key=key)
    record = {"count": count, "hash": last_hash, "at": at, "key": key.id, "signature": signature}
    _append_durably(path, json.dumps(record, sort_keys=True) + "\n")
    line = checkpoints_load(path)[-1].line
    return Checkpoint(line, count, last_hash, at, signature, True, key.id)


def audit_checkpoint_take(*, occasion: str) -> Checkpoint | None:
    """Write a checkpoint from a clock or a shutdown hook: never raises; logs why none was
    written (a broken chain, an unreachable database). ``occasion`` names the caller in the log."""
    try:
        return audit_checkpoint_write()
    except (ChainNotVerified, DatabaseError, OSError) as error:
        logger.error("no audit checkpoint written (%s): %s", occasion, error)
    return None


class CheckpointClock:
    """A thread that takes a checkpoint every ``seconds``, and a last one when stopped: the
    embedded shape's web server has no Celery beat to do it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> Checkpoint | None:
        """Stop the clock and take the shutdown checkpoint."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()
        return audit_checkpoint_take(occasion="shutdown")

    def _run(self) -> None:
        while not self._stopping.wait(self.seconds):
            audit_checkpoint_take(occasion="periodic")
            # This thread's own connection: not kept open between ticks (nor across a fork).
            connection.close()
