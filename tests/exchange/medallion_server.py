"""A real TAXII 2.1 server for tests: OASIS's medallion, started as a subprocess on a free port
with its memory backend, loaded from a JSON file written here, behind HTTP Basic."""

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

API_ROOT = "api1"
STIX_21 = "application/stix+json;version=2.1"
TAXII_21 = "application/taxii+json;version=2.1"
USER = "partner"
PASSWORD = "medallion-test-password"


@dataclass(frozen=True)
class Medallion:
    base_url: str

    def collection_url(self, collection_id: str) -> str:
        return f"{self.base_url}/{API_ROOT}/collections/{collection_id}/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stix_version(stix_object: dict[str, Any]) -> str:
    return str(stix_object.get("modified") or stix_object.get("created") or "")


def medallion_data(
    base_url: str, collections: dict[str, list[dict[str, Any]]], date_added: list[str]
) -> dict[str, Any]:
    """The memory backend's file: one API root, each collection with its objects and manifest
    (``date_added[i]`` for the i-th object of every collection)."""
    return {
        "/discovery": {
            "title": "Partner TAXII server",
            "default": f"{base_url}/{API_ROOT}/",
            "api_roots": [f"{base_url}/{API_ROOT}/"],
        },
        API_ROOT: {
            "information": {
                "title": "Partner feed",
                "versions": [TAXII_21],
                "max_content_length": 100_000_000,
            },
            "status": [],
            "collections": [
                {
                    "id": collection_id,
                    "title": f"Collection {collection_id[:8]}",
                    "can_read": True,
                    "can_write": False,
                    "media_types": [STIX_21],
                    "objects": [
                        {**stix_object, "_date_added": date_added[index]}
                        for index, stix_object in enumerate(objects)
                    ],
                    "manifest": [
                        {
                            "id": stix_object["id"],
                            "date_added": date_added[index],
                            "version": _stix_version(stix_object),
                            "media_type": STIX_21,
                        }
                        for index, stix_object in enumerate(objects)
                    ],
                }
                for collection_id, objects in collections.items()
            ],
        },
    }


@contextmanager
def medallion_server(
    directory: Path,
    collections: dict[str, list[dict[str, Any]]],
    date_added: list[str],
    page_size: int = 100,
) -> Iterator[Medallion]:
    """Run medallion until the block ends; answers at ``base_url`` (discovery: /taxii2/)."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = {
        "backend": {
            "module_class": "MemoryBackend",
            "module": "medallion.backends.memory_backend",
            "filename": str(directory / "medallion-data.json"),
        },
        "users": {USER: PASSWORD},
        "taxii": {"max_page_size": page_size},
    }
    (directory / "medallion-data.json").write_text(
        json.dumps(medallion_data(base_url, collections, date_added))
    )
    (directory / "medallion.json").write_text(json.dumps(config))
    medallion = Path(sys.executable).parent / "medallion"
    process = subprocess.Popen(
        [
            str(medallion),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            str(directory / "medallion.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = requests.get(
                    f"{base_url}/taxii2/",
                    auth=(USER, PASSWORD),
                    headers={"Accept": TAXII_21},
                    timeout=2,
                )
                if answer.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("medallion did not start")
            time.sleep(0.2)
        yield Medallion(base_url=base_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
