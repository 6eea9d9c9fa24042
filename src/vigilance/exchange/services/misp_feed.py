"""Polling a partner's MISP feed: its ``manifest.json`` lists the events and their timestamps,
``hashes.csv`` the md5 of every attribute value with its event's uuid, and ``<uuid>.json`` each
event.

Each event newer than the source's cursor is streamed to a temporary file (size-capped),
checked against ``hashes.csv`` (an event changed on the way is refused, audited with code
``hash_mismatch``) and imported as one batch. The cursor moves to the newest timestamp imported.
"""

import hashlib
import json
import tempfile
import urllib.request
import uuid as uuid_module
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

from vigilance.exchange.misp_in import attribute_hashes, parse_event_file
from vigilance.exchange.models import ImportBatch, ImportFormat, ImportSource, ImportStatus
from vigilance.exchange.services.imports import ImportRefused, IncomingIndicator, import_batch_run

CHUNK_BYTES = 64 * 1024


class FeedTooLarge(Exception):
    """A file of the feed is larger than the platform accepts."""


def _headers(source: ImportSource) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": "Vigilance MISP feed client"}
    # The key itself is never stored: ``secret_setting`` names the ``EXCHANGE_SECRET_*``
    # variable the operator put it in (only those are read, so no other secret can be sent).
    secret = (
        settings.EXCHANGE_SECRETS.get(source.secret_setting, "") if source.secret_setting else ""
    )
    if secret:
        headers["Authorization"] = secret
    return headers


def _download(source: ImportSource, name: str, target: IO[bytes], limit: int) -> tuple[int, str]:
    """Stream ``<feed>/<name>`` into ``target``: (size, sha256); ``FeedTooLarge`` past
    ``limit`` bytes."""
    url = f"{source.url.rstrip('/')}/{name}"
    if not url.lower().startswith(("https://", "http://")):
        raise ValueError("a MISP feed is read over HTTP(S) only")
    request = urllib.request.Request(url, headers=_headers(source))  # noqa: S310 - the feed URL is a supervisor's configuration
    digest = hashlib.sha256()
    size = 0
    with urllib.request.urlopen(  # noqa: S310  # nosec B310
        request, timeout=settings.MISP_FEED_TIMEOUT_SECONDS
    ) as response:
        while chunk := response.read(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise FeedTooLarge(name)
            digest.update(chunk)
            target.write(chunk)
    target.flush()
    return size, digest.hexdigest()


def _manifest(source: ImportSource, workdir: Path) -> dict[str, int]:
    """Each event's uuid and timestamp, from the manifest."""
    path = workdir / "manifest.json"
    with path.open("wb") as file:
        _download(source, "manifest.json", file, settings.MISP_FEED_MANIFEST_MAX_BYTES)
    with path.open("rb") as file:
        manifest = json.load(file)
    if not isinstance(manifest, dict):
        raise ValueError("manifest.json is not an object of events")
    events: dict[str, int] = {}
    for uuid, entry in manifest.items():
        try:
            # The uuid names a file here and in the feed's URL: only a real uuid is used.
            canonical = str(uuid_module.UUID(str(uuid)))
            events[canonical] = int(entry.get("timestamp", 0))
        except (AttributeError, TypeError, ValueError):
            continue
    return events


def _feed_hashes(source: ImportSource, workdir: Path, wanted: set[str]) -> dict[str, Counter[str]]:
    """``hashes.csv``: the md5 of each attribute value, for the events ``wanted``."""
    path = workdir / "hashes.csv"
    with path.open("wb") as file:
        _download(source, "hashes.csv", file, settings.MISP_FEED_MANIFEST_MAX_BYTES)
    hashes: dict[str, Counter[str]] = {uuid: Counter() for uuid in wanted}
    with path.open(encoding="utf-8", errors="replace") as file:
        for line in file:
            digest, _comma, uuid = line.strip().partition(",")
            if uuid in hashes:
                hashes[uuid][digest.lower()] += 1
    return hashes


def _refused(code: str, **detail: str) -> Iterator[IncomingIndicator]:
    raise ImportRefused(code, **detail)
    yield  # a generator: refused when the import reads it, inside its audit


def _import_event(
    source: ImportSource, uuid: str, workdir: Path, expected: Counter[str]
) -> ImportBatch:
    path = workdir / f"{uuid}.json"
    limit = settings.MISP_FEED_EVENT_MAX_BYTES
    try:
        with path.open("wb") as file:
            size, sha256 = _download(source, f"{uuid}.json", file, limit)
    except FeedTooLarge:
        return import_batch_run(
            partner=source.partner,
            format=ImportFormat.MISP,
            source=source,
            sha256=hashlib.sha256(f"too-large:{uuid}".encode()).hexdigest(),
            filename=f"{uuid}.json",
            items=_refused("misp_too_large", limit=str(limit)),
        )
    try:
        found = attribute_hashes(path)
    except ImportRefused as refusal:
        items: Iterator[IncomingIndicator] = _refused(refusal.code, **refusal.detail)
    else:
        if found.get(uuid, Counter()) != expected or set(found) - {uuid}:
            items = _refused("hash_mismatch", event=uuid)
        else:
            items = parse_event_file(
                path, default_tlp=source.default_tlp, confidence=source.confidence
            )
    try:
        return import_batch_run(
            partner=source.partner,
            format=ImportFormat.MISP,
            source=source,
            sha256=sha256,
            size=size,
            filename=f"{uuid}.json",
            items=items,
        )
    finally:
        path.unlink(missing_ok=True)


def misp_feed_source_poll(source: ImportSource) -> None:
    """Import the events of ``source`` newer than its cursor, oldest first; each is one batch.
    Network and manifest failures raise (``source_poll`` records them)."""
    cursor = int(source.cursor) if source.cursor.isdigit() else 0
    with tempfile.TemporaryDirectory(prefix="misp-feed-") as directory:
        workdir = Path(directory)
        events = _manifest(source, workdir)
        due = sorted(
            ((timestamp, uuid) for uuid, timestamp in events.items() if timestamp > cursor),
        )
        if not due:
            return
        hashes = _feed_hashes(source, workdir, {uuid for _timestamp, uuid in due})
        newest = cursor
        for timestamp, uuid in due:
            batch = _import_event(source, uuid, workdir, hashes[uuid])
            if batch.status in (ImportStatus.IMPORTED, ImportStatus.ALREADY_IMPORTED):
                newest = max(newest, timestamp)
    if newest != cursor:
        source.cursor = str(newest)
        ImportSource.objects.filter(pk=source.pk).update(cursor=source.cursor)
