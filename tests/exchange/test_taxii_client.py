"""A partner's system reading the platform with taxii2-client, the OASIS TAXII 2.1 client,
against a real server (pytest-django's live server, over HTTP)."""

import datetime as dt
from collections.abc import Callable

import pytest
import requests
from taxii2client.v21 import Collection, Server, as_pages

from tests.exchange.taxii_support import (
    START,
    collection,
    publish,
    publish_identity,
    strict_collection,
)
from vigilance.accounts.models import Organisation
from vigilance.core.tlp import Tlp

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def minutes(count: int) -> dt.datetime:
    return START + dt.timedelta(minutes=count)


@pytest.fixture
def published(peer_cirt: Organisation, other_peer_cirt: Organisation) -> dict[str, set[str]]:
    """Objects in every kind of collection; the peer CIRT is named for AMBER and owns one
    AMBER+STRICT collection, the other peer owns another."""
    strict_collection(peer_cirt)
    strict_collection(other_peer_cirt)
    collection("confirmed-amber").readers.add(peer_cirt)
    common = {publish_identity().stix_id}
    return {
        "common": common,
        "green": {publish(date_added=minutes(index)).stix_id for index in range(25)},
        "clear": {publish(tlp=Tlp.CLEAR, date_added=minutes(30)).stix_id},
        "amber": {publish(tlp=Tlp.AMBER, date_added=minutes(31)).stix_id},
        "mine": {publish(tlp=Tlp.AMBER_STRICT, owner=peer_cirt, date_added=minutes(32)).stix_id},
        "theirs": {
            publish(tlp=Tlp.AMBER_STRICT, owner=other_peer_cirt, date_added=minutes(33)).stix_id
        },
    }


def every_object(source: Collection, per_request: int, **filters: object) -> list[str]:
    ids: list[str] = []
    for envelope in as_pages(source.get_objects, per_request=per_request, **filters):
        ids += [each["id"] for each in envelope.get("objects", [])]
    return ids


def test_a_partner_reads_every_collection_it_may_and_none_it_may_not(
    live_server,
    peer_cirt: Organisation,
    exchange_key: Callable[..., str],
    published: dict[str, set[str]],
) -> None:
    server = Server(
        f"{live_server.url}/taxii2/", user="cert-gabon", password=exchange_key(peer_cirt)
    )

    root = server.default
    assert root is not None
    assert root.versions == ["application/taxii+json;version=2.1"]
    readable = {each.alias: each for each in root.collections}
    assert set(readable) == {
        "confirmed-amber",
        "confirmed-clear",
        "confirmed-green",
        "strict-cert-gabon",
    }
    seen = {alias: set(every_object(source, 10)) for alias, source in readable.items()}
    common = published["common"]
    assert seen["confirmed-green"] == published["green"] | common
    assert seen["confirmed-clear"] == published["clear"] | common
    assert seen["confirmed-amber"] == published["amber"] | common
    assert seen["strict-cert-gabon"] == published["mine"] | common
    assert not any(published["theirs"] & ids for ids in seen.values())

    other_owner = Collection(
        f"{live_server.url}/taxii2/api/collections/strict-ci-cert/",
        user="cert-gabon",
        password=exchange_key(peer_cirt),
    )
    with pytest.raises(requests.HTTPError) as refused:
        other_owner.refresh()
    assert refused.value.response.status_code == 404


def test_a_partner_without_need_to_know_never_reads_amber(
    live_server,
    other_peer_cirt: Organisation,
    exchange_key: Callable[..., str],
    published: dict[str, set[str]],
) -> None:
    server = Server(
        f"{live_server.url}/taxii2/", user="ci-cert", password=exchange_key(other_peer_cirt)
    )
    assert server.default is not None

    aliases = {each.alias for each in server.default.collections}

    assert aliases == {"confirmed-clear", "confirmed-green", "strict-ci-cert"}
    amber = Collection(
        f"{live_server.url}/taxii2/api/collections/{collection('confirmed-amber').pk}/",
        user="ci-cert",
        password=exchange_key(other_peer_cirt),
    )
    with pytest.raises(requests.HTTPError) as refused:
        amber.get_objects()
    assert refused.value.response.status_code == 404
    assert refused.value.response.json()["error_code"] == "collection_not_found"


def test_as_pages_goes_to_the_end_and_filters_hold_across_pages(
    live_server,
    peer_cirt: Organisation,
    exchange_key: Callable[..., str],
    published: dict[str, set[str]],
) -> None:
    green = Collection(
        f"{live_server.url}/taxii2/api/collections/{collection('confirmed-green').pk}/",
        user="cert-gabon",
        password=exchange_key(peer_cirt),
    )

    pages = list(as_pages(green.get_objects, per_request=7))
    after = every_object(green, 4, added_after="2026-01-01T08:19:00.000Z")
    indicators = every_object(green, 5, type="indicator")
    manifest = [
        entry["id"]
        for envelope in as_pages(green.get_manifest, per_request=9)
        for entry in envelope.get("objects", [])
    ]

    assert len(pages) == 4
    assert [len(page.get("objects", [])) for page in pages] == [7, 7, 7, 5]
    assert len(after) == 5  # added at minutes 20 to 24
    assert set(indicators) == published["green"]
    assert set(manifest) == published["green"] | published["common"]
    one = sorted(published["green"])[0]
    assert green.get_object(one)["objects"][0]["id"] == one
    assert green.object_versions(one)["versions"]
