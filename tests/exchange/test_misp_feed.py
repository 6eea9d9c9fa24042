"""The MISP feeds over HTTP, as a partner's MISP instance pulls them: the key in a custom
Authorization header, manifest then events then hashes, only the collections it may read."""

import base64
import json
from pathlib import Path

import pytest
import requests
from django.test import Client
from pymisp import MISPEvent

from tests import personas
from tests.exchange.test_misp_out import confirmed
from vigilance.accounts.models import Organisation
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import ExchangeCollection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _feed_files_kept_apart(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_MISP_CACHE_DIR = tmp_path / "misp-feeds"


FEED = "/misp/feeds/confirmed-green"


def pull(client: Client, path: str, key: str | None, **headers: str):  # type: ignore[no-untyped-def]
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = key
    return client.get(path, **headers)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_misp_instance_pulls_the_whole_feed_over_http(
    live_server, peer_cirt: Organisation, exchange_key
) -> None:
    confirmed("phone", "+237677123456")
    confirmed("momo_account", "+237699112233", provider="orange_money")
    key = exchange_key(peer_cirt)
    session = requests.Session()
    # MISP sends the headers configured on the feed; here the bare key, as its form suggests.
    session.headers["Authorization"] = key
    base = f"{live_server.url}{FEED}"

    manifest_response = session.get(f"{base}/manifest.json", timeout=30)
    assert manifest_response.status_code == 200
    assert manifest_response.headers["Content-Type"].startswith("application/json")
    manifest = manifest_response.json()
    values = set()
    for event_uuid, entry in manifest.items():
        response = session.get(f"{base}/{event_uuid}.json", timeout=30)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/json")
        event = MISPEvent()
        event.load(response.text)
        assert event.uuid == event_uuid
        assert int(event.timestamp.timestamp()) == entry["timestamp"]
        assert [tag.name for tag in event.tags] == [tag["name"] for tag in entry["Tag"]]
        values |= {a.value for a in event.attributes}
        values |= {a.value for o in event.objects for a in o.attributes}
    assert {"+237677123456", "+237699112233"} <= values
    hashes = session.get(f"{base}/hashes.csv", timeout=30)
    assert hashes.status_code == 200
    assert {line.split(",")[1] for line in hashes.text.splitlines()} == set(manifest)


def test_the_key_is_read_as_bearer_or_basic_too(peer_cirt: Organisation, exchange_key) -> None:
    key = exchange_key(peer_cirt)
    basic = base64.b64encode(f"misp:{key}".encode()).decode()
    client = Client()

    assert pull(client, f"{FEED}/manifest.json", f"Bearer {key}").status_code == 200
    assert pull(client, f"{FEED}/manifest.json", f"Basic {basic}").status_code == 200


def test_no_key_or_a_key_without_exchange_is_a_401_in_json(
    peer_cirt: Organisation, exchange_key
) -> None:
    operator = personas.persona("mtn_responder").organisation
    other_key = exchange_key(operator, permissions=[Permission.PULL_FRAUD_LIST])
    client = Client()

    for key in (None, "vig_nope_nope", other_key):
        response = pull(client, f"{FEED}/manifest.json", key)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorised"
        assert response["WWW-Authenticate"]


def test_a_collection_the_partner_may_not_read_is_the_same_404_as_none(
    peer_cirt: Organisation, other_peer_cirt: Organisation, exchange_key
) -> None:
    indicator = confirmed("phone", "+237677000003", tlp="amber")
    strict = ExchangeCollection.objects.create(
        slug="strict-ci", tlp="amber_strict", owner=other_peer_cirt, title_fr="x", title_en="x"
    )
    key = exchange_key(peer_cirt)
    client = Client()
    unknown = pull(client, "/misp/feeds/no-such-feed/manifest.json", key)

    for path in (
        "/misp/feeds/confirmed-amber/manifest.json",
        "/misp/feeds/confirmed-amber/hashes.csv",
        f"/misp/feeds/{strict.pk}/manifest.json",
        "/misp/feeds/strict-ci/hashes.csv",
    ):
        response = pull(client, path, key)
        assert response.status_code == 404
        assert response.json() == unknown.json()
    event_uuid = next(iter(json.loads(_manifest_of_amber_reader(indicator, peer_cirt, key))))
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.remove(peer_cirt)
    assert pull(client, f"/misp/feeds/confirmed-amber/{event_uuid}.json", key).status_code == 404


def _manifest_of_amber_reader(indicator, organisation: Organisation, key: str) -> bytes:  # type: ignore[no-untyped-def]
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.add(organisation)
    response = pull(Client(), "/misp/feeds/confirmed-amber/manifest.json", key)
    assert response.status_code == 200
    return bytes(response.content)


def test_a_named_reader_gets_the_amber_feed_and_the_owner_its_strict_one(
    peer_cirt: Organisation, exchange_key
) -> None:
    confirmed("phone", "+237677000003", tlp="amber")
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.add(peer_cirt)
    ExchangeCollection.objects.create(
        slug="strict-ga", tlp="amber_strict", owner=peer_cirt, title_fr="x", title_en="x"
    )
    key = exchange_key(peer_cirt)
    client = Client()

    manifest = pull(client, "/misp/feeds/confirmed-amber/manifest.json", key).json()
    (event_uuid,) = manifest
    event = pull(client, f"/misp/feeds/confirmed-amber/{event_uuid}.json", key)
    assert event.status_code == 200
    assert b"+237677000003" in b"".join(event.streaming_content)
    assert pull(client, "/misp/feeds/strict-ga/manifest.json", key).json() == {}


def test_an_event_of_another_collection_or_day_is_404(
    peer_cirt: Organisation, exchange_key
) -> None:
    confirmed("phone", "+237677000002", tlp="green")
    key = exchange_key(peer_cirt)
    client = Client()
    (event_uuid,) = pull(client, f"{FEED}/manifest.json", key).json()

    assert pull(client, f"/misp/feeds/confirmed-clear/{event_uuid}.json", key).status_code == 404
    missing = f"{FEED}/00000000-0000-4000-8000-000000000000.json"
    assert pull(client, missing, key).status_code == 404
    assert pull(client, f"{FEED}/not-a-uuid.json", key).status_code == 404


def test_every_read_is_audited_with_the_partner(peer_cirt: Organisation, exchange_key) -> None:
    confirmed("phone", "+237677000002")
    key = exchange_key(peer_cirt)

    pull(Client(), f"{FEED}/manifest.json", key)
    pull(Client(), f"{FEED}/hashes.csv", key)

    events = AuditEvent.objects.filter(action="exchange.misp_feed_read").order_by("sequence")
    assert [e.details["file"] for e in events] == ["manifest.json", "hashes.csv"]
    assert {e.details["partner"] for e in events} == {peer_cirt.code}
    assert {e.object_id for e in events} == {"confirmed-green"}


def test_an_unchanged_file_answers_304_to_its_etag(peer_cirt: Organisation, exchange_key) -> None:
    confirmed("phone", "+237677000002")
    key = exchange_key(peer_cirt)
    client = Client()
    first = pull(client, f"{FEED}/manifest.json", key)

    again = pull(client, f"{FEED}/manifest.json", key, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert first["Last-Modified"]
    confirmed("phone", "+237677000009")
    assert (
        pull(client, f"{FEED}/manifest.json", key, HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


def test_each_key_has_its_own_rate_limit(
    settings, peer_cirt: Organisation, other_peer_cirt: Organisation, exchange_key
) -> None:
    settings.RATE_MISP_FEED_PER_KEY = "2/m"
    key, other = exchange_key(peer_cirt), exchange_key(other_peer_cirt)
    client = Client()

    codes = [pull(client, f"{FEED}/manifest.json", key).status_code for _ in range(3)]

    assert codes == [200, 200, 429]
    assert pull(client, f"{FEED}/manifest.json", other).status_code == 200


def test_only_reads_are_allowed(peer_cirt: Organisation, exchange_key) -> None:
    key = exchange_key(peer_cirt)

    response = Client().post(f"{FEED}/manifest.json", HTTP_AUTHORIZATION=key)

    assert response.status_code == 405


def test_a_supervisor_downloads_a_days_event_and_others_get_404(
    supervisor_police, cirt_analyst, mtn_responder
) -> None:
    confirmed("phone", "+237677000002", tlp="amber")
    path = "/fr/staff/exchange/misp/confirmed-amber/2026-03-10.json"

    response = personas.signed_in_client(supervisor_police).get(path)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    event = MISPEvent()
    event.load(b"".join(response.streaming_content))
    assert [a.value for a in event.attributes] == ["+237677000002"]
    assert AuditEvent.objects.filter(action="exchange.misp_event_downloaded").count() == 1
    for outsider in (cirt_analyst, mtn_responder):
        assert personas.signed_in_client(outsider).get(path).status_code == 404
    client = personas.signed_in_client(supervisor_police)
    for missing in (
        "/fr/staff/exchange/misp/confirmed-amber/2026-03-11.json",
        "/fr/staff/exchange/misp/confirmed-amber/not-a-day.json",
        "/fr/staff/exchange/misp/no-such/2026-03-10.json",
    ):
        assert client.get(missing).status_code == 404
