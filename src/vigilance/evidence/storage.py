"""Where encrypted evidence lives on disk: never under a public path, never named by the user."""

import os
import uuid
from pathlib import Path

from django.conf import settings


def new_storage_name() -> str:
    return f"{uuid.uuid4().hex}.enc"


def path_for(storage_name: str) -> Path:
    if not storage_name.endswith(".enc") or "/" in storage_name or ".." in storage_name:
        raise ValueError("invalid storage name")
    root = Path(settings.EVIDENCE_ROOT)
    return root / storage_name[:2] / storage_name


def write_durably(storage_name: str, content: bytes) -> None:
    """Write, flush and fsync the file and its folder, so it exists before the row commits."""
    path = path_for(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def read(storage_name: str) -> bytes:
    return path_for(storage_name).read_bytes()


def delete(storage_name: str) -> None:
    path_for(storage_name).unlink(missing_ok=True)
