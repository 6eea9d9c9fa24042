"""The TAXII 2.1 endpoints as a partner's system calls them: resources, pages, filters, the
need-to-know of each collection, and every refusal as the specification's error message."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.exchange.taxii_support import (
    START,
    collection,
    publish,
    publish_identity,
    strict_collection,
)
from vigilance.accounts import api_keys
from vigilance.accounts.models import ApiKey, Organisation, User
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.core.tlp import Tlp

pytestmark = pytest.mark.django_db

TAXII = "application/taxii+json;version=2.1"
ROOT = "/taxii2/api/collections"


def partner(key: str, **headers: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT=TAXII, **headers)


def body(response: Any) -> dict[str, Any]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def objects_url(slug: str, query: str = "") -> str:
    return f"{ROOT}/{collection(slug).pk}/objects/{'?' + query if query else ''}"


@pytest.fixture
def key(peer_cirt: Organisation, exchange_key: Callable[..., str]) -> str:
    return exchange_key(peer_cirt)


def minutes(count: int) -> dt.datetime:
    return START + dt.timedelta(minutes=count)


# Discovery, API root, collections.


def test_discovery_names_the_api_root_in_the_taxii_media_type(key: str) -> None:
    response = partner(key).get("/taxii2/")

    assert response.status_code == 200
    assert response["Content-Type"] == TAXII
    discovery = body(response)
    assert discovery["default"] == "http://testserver/taxii2/api/"
    assert discovery["api_roots"] == ["http://testserver/taxii2/api/"]
    assert discovery["contact"]


def test_api_root_speaks_taxii_2_1_only(key: str) -> None:
    root = body(partner(key).get("/taxii2/api/"))

    assert root["versions"] == [TAXII]
    assert root["max_content_length"] > 0


def test_a_partner_lists_clear_and_green_but_not_amber_without_need_to_know(key: str) -> None:
    listed = body(partner(key).get(f"{ROOT}/"))["collections"]

    assert [each["alias"] for each in listed] == ["confirmed-clear", "confirmed-green"]
    assert all(each["can_read"] and not each["can_write"] for each in listed)
    assert listed[0]["media_types"] == ["application/stix+json;version=2.1"]


def test_a_named_reader_lists_amber_and_the_owner_its_strict_collection(
    peer_cirt: Organisation, key: str, other_peer_cirt: Organisation
) -> None:
    collection("confirmed-amber").readers.add(peer_cirt)
    strict_collection(peer_cirt)
    strict_collection(other_peer_cirt)

    listed = [each["alias"] for each in body(partner(key).get(f"{ROOT}/"))["collections"]]

    assert listed == ["confirmed-amber", "confirmed-clear", "confirmed-green", "strict-cert-gabon"]


def test_a_collection_reads_by_id_or_alias(key: str) -> None:
    green = collection("confirmed-green")

    by_id = body(partner(key).get(f"{ROOT}/{green.pk}/"))
    by_alias = body(partner(key).get(f"{ROOT}/confirmed-green/"))

    assert by_id == by_alias
    assert by_id["id"] == str(green.pk)
    assert by_id["title"] == green.title_en


# Objects, pages and filters.


def test_objects_come_in_an_envelope_with_the_common_objects(key: str) -> None:
    publish(domain="first.example", date_added=minutes(1))
    identity = publish_identity(date_added=minutes(0))
    publish(tlp=Tlp.AMBER, domain="amber.example", date_added=minutes(2))

    response = partner(key).get(objects_url("confirmed-green"))

    envelope = body(response)
    assert response["Content-Type"] == TAXII
    assert envelope["more"] is False
    assert "next" not in envelope
    assert [each["type"] for each in envelope["objects"]] == ["identity", "indicator"]
    assert envelope["objects"][0]["id"] == identity.stix_id
    assert "first.example" in envelope["objects"][1]["pattern"]
    assert response["X-TAXII-Date-Added-First"] == "2026-01-01T08:00:00.000000Z"
    assert response["X-TAXII-Date-Added-Last"] == "2026-01-01T08:01:00.000000Z"


def test_an_empty_collection_answers_an_empty_envelope(key: str) -> None:
    response = partner(key).get(objects_url("confirmed-clear"))

    assert body(response) == {"more": False}
    assert "X-TAXII-Date-Added-First" not in response


def test_pages_follow_next_to_the_end_without_repeating_an_object(key: str) -> None:
    # Several objects share a date_added: the id breaks the tie.
    published = {publish(date_added=minutes(index // 3)).stix_id for index in range(11)}
    client = partner(key)

    seen: list[str] = []
    envelope = body(client.get(objects_url("confirmed-green", "limit=4")))
    pages = 1
    while True:
        seen += [each["id"] for each in envelope.get("objects", [])]
        if not envelope["more"]:
            break
        envelope = body(
            client.get(objects_url("confirmed-green", f"limit=4&next={envelope['next']}"))
        )
        pages += 1

    assert pages == 3
    assert len(seen) == 11
    assert set(seen) == published


def test_limit_is_capped_by_the_setting(key: str, settings: Settings) -> None:
    settings.TAXII_PAGE_MAX = 2
    for index in range(3):
        publish(date_added=minutes(index))

    envelope = body(partner(key).get(objects_url("confirmed-green", "limit=500")))

    assert len(envelope["objects"]) == 2
    assert envelope["more"] is True


def test_added_after_keeps_what_was_added_strictly_later(key: str) -> None:
    publish(domain="old.example", date_added=minutes(1))
    publish(domain="new.example", date_added=minutes(5))

    envelope = body(
        partner(key).get(objects_url("confirmed-green", "added_after=2026-01-01T08:01:00.000Z"))
    )

    assert [("new.example" in each["pattern"]) for each in envelope["objects"]] == [True]


def test_match_type_and_match_id_select_objects(key: str) -> None:
    publish_identity()
    wanted = publish(date_added=minutes(1))
    publish(date_added=minutes(2))
    client = partner(key)

    by_type = body(client.get(objects_url("confirmed-green", "match[type]=identity")))
    by_id = body(client.get(objects_url("confirmed-green", f"match[id]={wanted.stix_id}")))

    assert [each["type"] for each in by_type["objects"]] == ["identity"]
    assert [each["id"] for each in by_id["objects"]] == [wanted.stix_id]


def test_match_version_reads_last_by_default_first_all_or_one_version(key: str) -> None:
    first = publish(date_added=minutes(1), is_latest=False)
    stix_id = first.stix_id
    publish(stix_id=stix_id, version=minutes(2), is_latest=False)
    publish(stix_id=stix_id, version=minutes(3))
    client = partner(key)

    def versions(query: str) -> list[str]:
        envelope = body(client.get(objects_url("confirmed-green", query)))
        return [each["modified"] for each in envelope.get("objects", [])]

    assert versions("") == ["2026-01-01T08:03:00.000Z"]
    assert versions("match[version]=first") == ["2026-01-01T08:01:00.000Z"]
    assert len(versions("match[version]=all")) == 3
    assert versions("match[version]=2026-01-01T08:02:00.000Z") == ["2026-01-01T08:02:00.000Z"]
    assert len(versions("match[version]=first,last")) == 2


def test_match_spec_version_other_than_2_1_matches_nothing(key: str) -> None:
    publish()
    client = partner(key)

    assert body(client.get(objects_url("confirmed-green", "match[spec_version]=2.0"))) == {
        "more": False
    }
    assert (
        len(body(client.get(objects_url("confirmed-green", "match[spec_version]=2.1")))["objects"])
        == 1
    )


def test_an_owner_reads_its_strict_objects_and_never_another_owners(
    peer_cirt: Organisation, other_peer_cirt: Organisation, key: str
) -> None:
    strict_collection(peer_cirt)
    strict_collection(other_peer_cirt)
    mine = publish(tlp=Tlp.AMBER_STRICT, owner=peer_cirt)
    publish(tlp=Tlp.AMBER_STRICT, owner=other_peer_cirt)
    client = partner(key)

    envelope = body(client.get(f"{ROOT}/strict-cert-gabon/objects/"))

    assert [each["id"] for each in envelope["objects"]] == [mine.stix_id]
    assert client.get(f"{ROOT}/strict-ci-cert/objects/").status_code == 404


# One object, its versions, the manifest.


def test_one_object_answers_its_latest_version_and_its_versions(key: str) -> None:
    first = publish(date_added=minutes(1), is_latest=False)
    publish(stix_id=first.stix_id, version=minutes(4))
    client = partner(key)
    url = f"{ROOT}/confirmed-green/objects/{first.stix_id}/"

    latest = body(client.get(url))
    history = client.get(f"{url}versions/")

    assert [each["modified"] for each in latest["objects"]] == ["2026-01-01T08:04:00.000Z"]
    assert body(history) == {
        "more": False,
        "versions": ["2026-01-01T08:01:00.000000Z", "2026-01-01T08:04:00.000000Z"],
    }
    assert history["Content-Type"] == TAXII


def test_an_object_of_another_collection_is_not_found(key: str) -> None:
    amber = publish(tlp=Tlp.AMBER)

    response = partner(key).get(f"{ROOT}/confirmed-green/objects/{amber.stix_id}/")

    assert response.status_code == 404
    assert body(response)["error_code"] == "object_not_found"
    versions = partner(key).get(f"{ROOT}/confirmed-green/objects/{amber.stix_id}/versions/")
    assert versions.status_code == 404


def test_the_manifest_lists_ids_versions_and_media_types(key: str) -> None:
    published = publish(date_added=minutes(2))

    manifest = body(partner(key).get(f"{ROOT}/confirmed-green/manifest/"))

    assert manifest == {
        "more": False,
        "objects": [
            {
                "id": published.stix_id,
                "date_added": "2026-01-01T08:02:00.000000Z",
                "version": "2026-01-01T08:02:00.000000Z",
                "media_type": "application/stix+json;version=2.1",
            }
        ],
    }


def test_each_read_of_objects_is_audited_with_the_partner_and_the_key(key: str) -> None:
    publish()
    partner(key).get(objects_url("confirmed-green", "match[type]=indicator"))

    event = AuditEvent.objects.get(action="exchange.taxii_read")
    assert event.object_id == "confirmed-green"
    assert event.actor_label == f"api_key:{key.split('_')[1]}@cert-gabon"
    assert event.details["partner"] == "cert-gabon"
    assert event.details["count"] == 1
    assert event.details["endpoint"] == "objects"
    assert event.details["filters"] == {"match[type]": "indicator"}


# Every refusal is a TAXII error message.


def assert_taxii_error(response: Any, status: int, error_code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == TAXII
    error = body(response)
    assert error["error_code"] == error_code
    assert error["http_status"] == str(status)
    assert error["title"]
    assert error["description"]
    return error


@pytest.mark.parametrize(
    "accept", ["text/html", "application/json", "application/taxii+json;version=2.0"]
)
def test_an_accept_without_taxii_2_1_is_406(key: str, accept: str) -> None:
    response = partner(key).get(objects_url("confirmed-green"), HTTP_ACCEPT=accept)

    assert_taxii_error(response, 406, "not_acceptable")


def test_taxii_json_without_version_or_a_wildcard_is_accepted(key: str) -> None:
    for accept in (
        "application/taxii+json",
        "*/*",
        "text/html, application/taxii+json;version=2.1",
    ):
        assert partner(key).get("/taxii2/", HTTP_ACCEPT=accept).status_code == 200


def test_no_key_is_401_with_a_basic_challenge() -> None:
    response = Client(HTTP_ACCEPT=TAXII).get("/taxii2/")

    assert_taxii_error(response, 401, "unauthorised")
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_key_is_401(key: str) -> None:
    assert_taxii_error(partner(key + "x").get(f"{ROOT}/"), 401, "unauthorised")


def test_a_key_without_the_exchange_permission_is_401(administrator_user: User) -> None:
    new = api_keys.api_key_create(
        actor=administrator_user,
        organisation=Organisation.objects.get(code="mtn"),
        name="Fraud list",
        permissions=[Permission.PULL_FRAUD_LIST],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )

    assert_taxii_error(partner(new.key).get(f"{ROOT}/"), 401, "unauthorised")


def test_a_revoked_key_is_401(key: str, administrator_user: User) -> None:
    api_keys.api_key_revoke(actor=administrator_user, api_key=ApiKey.objects.get())

    assert_taxii_error(partner(key).get(f"{ROOT}/"), 401, "unauthorised")


def test_basic_authentication_with_the_key_as_password_is_accepted(key: str) -> None:
    import base64

    credentials = base64.b64encode(f"cert-gabon:{key}".encode()).decode()
    client = Client(HTTP_AUTHORIZATION=f"Basic {credentials}", HTTP_ACCEPT=TAXII)

    assert client.get(f"{ROOT}/").status_code == 200


def test_an_unreadable_collection_answers_like_an_unknown_one(key: str) -> None:
    amber = partner(key).get(objects_url("confirmed-amber"))
    unknown = partner(key).get(f"{ROOT}/00000000-0000-0000-0000-000000000000/objects/")

    assert assert_taxii_error(amber, 404, "collection_not_found") == assert_taxii_error(
        unknown, 404, "collection_not_found"
    )
    assert partner(key).get(f"{ROOT}/confirmed-amber/").status_code == 404
    assert partner(key).get(f"{ROOT}/confirmed-amber/manifest/").status_code == 404


def test_a_deactivated_collection_is_404(key: str) -> None:
    green = collection("confirmed-green")
    green.is_active = False
    green.save(update_fields=["is_active"])

    assert_taxii_error(
        partner(key).get(objects_url("confirmed-green")), 404, "collection_not_found"
    )


def test_an_unknown_address_under_taxii2_is_a_taxii_404(key: str) -> None:
    assert_taxii_error(partner(key).get("/taxii2/api/status/1/"), 404, "not_found")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=many", "limit"),
        ("added_after=yesterday", "added_after"),
        ("match[id]=not-an-id", "match[id]"),
        ("match[type]=Bad Type", "match[type]"),
        ("match[version]=soon", "match[version]"),
        ("match[colour]=red", "match[colour]"),
        ("next=forged", "next"),
    ],
)
def test_a_bad_filter_is_400_naming_the_parameter(key: str, query: str, parameter: str) -> None:
    response = partner(key).get(objects_url("confirmed-green", query))

    assert assert_taxii_error(response, 400, "invalid_parameter")["details"] == {
        "parameter": parameter
    }


def test_a_tampered_next_is_400(key: str) -> None:
    for index in range(3):
        publish(date_added=minutes(index))
    token = body(partner(key).get(objects_url("confirmed-green", "limit=1")))["next"]

    response = partner(key).get(objects_url("confirmed-green", f"limit=1&next={token[:-2]}xx"))

    assert_taxii_error(response, 400, "invalid_parameter")


def test_the_versions_endpoint_refuses_a_type_filter(key: str) -> None:
    published = publish()

    response = partner(key).get(
        f"{ROOT}/confirmed-green/objects/{published.stix_id}/versions/?match[type]=indicator"
    )

    assert_taxii_error(response, 400, "invalid_parameter")


def test_writing_objects_is_403_and_other_methods_405(key: str) -> None:
    published = publish()
    client = partner(key)

    posted = client.post(objects_url("confirmed-green"), data="{}", content_type=TAXII)
    deleted = client.delete(f"{ROOT}/confirmed-green/objects/{published.stix_id}/")
    listed = client.post(f"{ROOT}/", data="{}", content_type=TAXII)

    assert_taxii_error(posted, 403, "read_only")
    assert_taxii_error(deleted, 403, "read_only")
    assert_taxii_error(listed, 405, "method_not_allowed")
    assert listed["Allow"] == "GET"


def test_writing_to_an_unreadable_collection_is_404(key: str) -> None:
    response = partner(key).post(objects_url("confirmed-amber"), data="{}", content_type=TAXII)

    assert_taxii_error(response, 404, "collection_not_found")


def test_too_many_requests_is_429_with_retry_after(key: str, settings: Settings) -> None:
    settings.RATE_TAXII_PER_KEY = "2/m"
    client = partner(key)
    client.get("/taxii2/")
    client.get("/taxii2/")

    response = client.get("/taxii2/")

    assert_taxii_error(response, 429, "rate_limited")
    assert response["Retry-After"] == "60"


def test_errors_are_worded_in_french_for_a_french_reader(key: str) -> None:
    response = partner(key, HTTP_ACCEPT_LANGUAGE="fr-CM,fr;q=0.9").get(
        objects_url("confirmed-amber")
    )

    error = assert_taxii_error(response, 404, "collection_not_found")
    assert error["title"] == "Collection introuvable"
    assert response["Content-Language"] == "fr"


def test_errors_are_worded_in_english_by_default(key: str) -> None:
    error = body(partner(key).get(objects_url("confirmed-amber")))

    assert error["title"] == "Collection not found"
