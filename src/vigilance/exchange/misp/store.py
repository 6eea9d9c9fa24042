"""Built feed files kept on disk until their content changes: building an event with pymisp
costs about a millisecond an identifier, and a MISP instance pulls the same files again and
again.

A file is named by its signature (the event's uuid, timestamp and counts, the collection's
title and marking, the platform's name): any change that the feed can show changes the name.
The first pull streams the file while writing it (under a temporary name, renamed once whole,
so a reader never sees half a file); the next pulls read it. Files of older signatures are
removed when a new one is written. The folder may be emptied at any time.
"""

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings

# Changes whenever the way events are built changes, so that old files are never served.
FORMAT_VERSION = "1"


def signature(*parts: object) -> str:
    text = "\x1f".join([FORMAT_VERSION, *(str(part) for part in parts)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def stored_path(name: str, digest: str, suffix: str) -> Path:
    return Path(settings.EXCHANGE_MISP_CACHE_DIR) / f"{name}.{digest}{suffix}"


def is_kept(name: str, digest: str, suffix: str) -> bool:
    return stored_path(name, digest, suffix).exists()


def stored_or_built(
    name: str, digest: str, suffix: str, build: Callable[[], Iterable[str]]
) -> Iterator[bytes]:
    """The bytes of the file ``name`` at ``digest``: read when kept, else built and kept."""
    path = stored_path(name, digest, suffix)
    if path.exists():
        return _read(path)
    return _build_and_keep(path, name, suffix, build)


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(256 * 1024):
            yield chunk


def _build_and_keep(
    path: Path, name: str, suffix: str, build: Callable[[], Iterable[str]]
) -> Iterator[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".part")
    complete = False
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for piece in build():
                data = piece.encode()
                handle.write(data)
                yield data
        for older in path.parent.glob(f"{name}.*{suffix}"):
            older.unlink(missing_ok=True)
        os.replace(temporary, path)
        complete = True
    finally:
        # A client gone half-way (the generator closed) leaves no half file behind.
        if not complete:
            Path(temporary).unlink(missing_ok=True)
