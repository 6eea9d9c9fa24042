"""Polling a partner's MISP feed over real HTTP: a feed directory written with pymisp and
served from the test's folder, a tampered event refused, the cursor moved to what was imported."""

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pymisp.tools import feed_meta_generator

from tests.exchange.misp_events import misp_event, write
from vigilance.accounts.models import Organisation
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import (
    ImportBatch,
    ImportSource,
    ImportStatus,
    PartnerIndicator,
    SourceKind,
)
from vigilance.exchange.services.misp_feed import misp_feed_source_poll
from vigilance.exchange.services.polling import source_poll

pytestmark = pytest.mark.django_db

FEED_KEY = "feed-secret-4471"


class _FeedHandler(SimpleHTTPRequestHandler):
    """Serves the feed folder, only to a client sending the feed's key."""

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != FEED_KEY:
            self.send_error(403)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def feed(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """(the feed's folder, its URL), served over HTTP for the test's length."""
    folder = tmp_path / "feed"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_FeedHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/feed-root"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def source(feed: tuple[Path, str], peer_cirt: Organisation, settings) -> ImportSource:  # type: ignore[no-untyped-def]
    _folder, url = feed
    settings.EXCHANGE_SECRETS = {"EXCHANGE_SECRET_CERT_GABON_FEED": FEED_KEY}
    return ImportSource.objects.create(
        partner=peer_cirt,
        kind=SourceKind.MISP_FEED,
        name="CERT Gabon MISP feed",
        url=url.rsplit("/", 1)[0] + "/",
        secret_setting="EXCHANGE_SECRET_CERT_GABON_FEED",
        default_tlp="amber",
        confidence=60,
    )


def _publish(folder: Path, *events) -> None:  # type: ignore[no-untyped-def]
    for event in events:
        write(folder / f"{event.uuid}.json", event.to_feed())
    feed_meta_generator(folder)


def test_new_events_are_imported_one_batch_each_and_the_cursor_moves(
    feed: tuple[Path, str], source: ImportSource
) -> None:
    folder, _url = feed
    first = misp_event("One", attributes=(("domain", "colis-one.cm"),), timestamp=1_790_000_000)
    second = misp_event("Two", attributes=(("domain", "colis-two.cm"),), timestamp=1_790_000_500)
    _publish(folder, first, second)

    misp_feed_source_poll(source)

    batches = ImportBatch.objects.filter(source=source)
    assert sorted(batches.values_list("status", flat=True)) == ["imported", "imported"]
    assert set(PartnerIndicator.objects.values_list("value", flat=True)) == {
        "colis-one.cm",
        "colis-two.cm",
    }
    source.refresh_from_db()
    assert source.cursor == "1790000500"

    misp_feed_source_poll(source)

    assert batches.count() == 2


def test_a_tampered_event_is_refused_and_audited_the_others_imported(
    feed: tuple[Path, str], source: ImportSource
) -> None:
    folder, _url = feed
    honest = misp_event(
        "Honest", attributes=(("domain", "honnete-colis.cm"),), timestamp=1_790_000_000
    )
    tampered = misp_event("Bad", attributes=(("domain", "vrai-colis.cm"),), timestamp=1_790_000_900)
    _publish(folder, honest, tampered)
    # Changed after the feed's hashes were written: the value no longer matches hashes.csv.
    content = json.loads((folder / f"{tampered.uuid}.json").read_text())
    content["Event"]["Attribute"][0]["value"] = "faux-colis.cm"
    write(folder / f"{tampered.uuid}.json", content)

    misp_feed_source_poll(source)

    refused = ImportBatch.objects.get(source=source, status=ImportStatus.REFUSED)
    assert refused.error_code == "hash_mismatch"
    assert refused.filename == f"{tampered.uuid}.json"
    event = AuditEvent.objects.get(action="exchange.import_refused")
    assert event.details["error"] == "hash_mismatch"
    assert set(PartnerIndicator.objects.values_list("value", flat=True)) == {"honnete-colis.cm"}
    source.refresh_from_db()
    assert source.cursor == "1790000000"


def test_without_the_feeds_key_the_poll_fails_and_is_recorded(
    feed: tuple[Path, str],
    source: ImportSource,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    folder, _url = feed
    _publish(folder, misp_event(timestamp=1_790_000_000))
    settings.EXCHANGE_SECRETS = {"EXCHANGE_SECRET_CERT_GABON_FEED": "wrong"}

    assert source_poll(source) is False

    source.refresh_from_db()
    assert "403" in source.last_error
    assert not PartnerIndicator.objects.exists()
    assert AuditEvent.objects.filter(action="exchange.poll_failed").count() == 1
