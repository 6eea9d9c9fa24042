"""Polling a partner's TAXII 2.1 collection with the OASIS client (taxii2-client).

Objects added since ``source.cursor`` are read page by page; each page is imported as one batch
(the page written as a bundle, hashed from its canonical JSON, so a page read twice changes
nothing), and only then does the cursor move to the page's ``X-TAXII-Date-Added-Last``. A failure
leaves the cursor where the last imported page put it: the next poll starts again from there.
"""

import hashlib
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.utils import translation
from requests.auth import AuthBase, HTTPBasicAuth
from taxii2client.v21 import Collection, as_pages

from vigilance.exchange.errors import import_error_message
from vigilance.exchange.models import ImportFormat, ImportSource, ImportStatus
from vigilance.exchange.services.imports import import_batch_run
from vigilance.exchange.services.uploads import upload_dir
from vigilance.exchange.stix_in import parse_bundle

PAGE_SIZE = 1000
DATE_ADDED_LAST = "X-TAXII-Date-Added-Last"
DATE_ADDED_FIRST = "X-TAXII-Date-Added-First"
# Bundle ids of polled pages: derived from the page's hash, so the same page makes the same file.
_PAGE_NAMESPACE = uuid.UUID("6f1d7a4e-3c5b-4f0e-9a57-7b0c2f3e8d21")


class PollRefused(Exception):
    """A page of the feed was refused: the poll stops and the cursor stays."""


class _SourceAuth(AuthBase):
    """HTTP Basic (when the source has a user name), and a note of each answer's
    ``X-TAXII-Date-Added-Last`` (taxii2-client returns only the body)."""

    def __init__(self, username: str, password: str) -> None:
        self.basic = HTTPBasicAuth(username, password) if username else None
        self.date_added_last = ""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self.basic is not None:
            request = self.basic(request)
        request.register_hook("response", self.note)
        return request

    def note(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        # A page of one object may carry only the first date (medallion does so).
        headers = response.headers
        self.date_added_last = headers.get(DATE_ADDED_LAST) or headers.get(DATE_ADDED_FIRST, "")


def source_secret(source: ImportSource) -> str:
    """The password of ``source``, from the settings' ``EXCHANGE_SECRETS`` (read from the
    environment at start-up; never stored in the database)."""
    if not source.secret_setting:
        return ""
    secrets: dict[str, str] = settings.EXCHANGE_SECRETS
    if source.secret_setting not in secrets:
        raise PollRefused(f"{source.secret_setting} is not set in the environment.")
    return secrets[source.secret_setting]


def page_bundle(objects: list[Any]) -> tuple[bytes, str]:
    """A page's objects as a bundle's bytes, and their SHA-256 (canonical JSON: sorted keys)."""
    canonical = json.dumps(objects, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sha256 = hashlib.sha256(canonical.encode()).hexdigest()
    bundle_id = f"bundle--{uuid.uuid5(_PAGE_NAMESPACE, sha256)}"
    framing = f'{{"type":"bundle","id":"{bundle_id}","objects":'
    return framing.encode() + canonical.encode() + b"}", sha256


def taxii_source_poll(source: ImportSource) -> None:
    """Import what ``source``'s collection holds since its cursor; raises on a failure."""
    auth = _SourceAuth(source.username, source_secret(source))
    collection = Collection(source.url, auth=auth)
    filters = {"added_after": source.cursor} if source.cursor else {}
    for envelope in as_pages(collection.get_objects, per_request=PAGE_SIZE, **filters):
        objects = envelope.get("objects") or []
        if not objects:
            continue
        _import_page(source, objects)
        if auth.date_added_last:
            source.cursor = auth.date_added_last
            ImportSource.objects.filter(pk=source.pk).update(cursor=source.cursor)


def _import_page(source: ImportSource, objects: list[Any]) -> None:
    content, sha256 = page_bundle(objects)
    with tempfile.TemporaryDirectory(dir=upload_dir()) as directory:
        path = Path(directory) / "page.json"
        path.write_bytes(content)
        batch = import_batch_run(
            partner=source.partner,
            format=ImportFormat.STIX,
            sha256=sha256,
            items=parse_bundle(path, default_tlp=source.default_tlp, confidence=source.confidence),
            size=len(content),
            filename=source.url[-255:],
            source=source,
        )
    if batch.status == ImportStatus.REFUSED:
        # Kept on the source as a technical log line, like the network's errors: in English
        # whatever the worker's language (the batch itself is worded for each reader).
        with translation.override("en"):
            raise PollRefused(import_error_message(batch.error_code, batch.error_detail))
