"""Every STIX object the platform emits passes the OASIS validator (``stix2-validator``).

Accepted warning: {103}, "not a valid UUIDv4 ID". The platform's ids are uuid5s of what they
describe, on purpose (publishing again gives the same id); STIX 2.1 says SDO ids SHOULD be
version 4, not MUST, and the validator cannot tell the platform's new observable types are SCOs
(whose ids are uuid5 by definition).
Accepted on ``relationship`` objects only: {202}, "permitted, but not a suggested relationship
target". STIX lists ``based-on`` from an indicator to ``observed-data``; the platform points it
at the observable itself, as OpenCTI and other platforms read it (an indicator based on this
value), which the specification permits. Any other warning fails the test.
"""

import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stix2.exceptions import InvalidValueError
from stix2.v21 import Indicator
from stix2patterns.validator import run_validator
from stix2validator import ValidationOptions, validate_instance, validate_string

from vigilance.core.tlp import Tlp
from vigilance.exchange.stix.extensions import (
    NEW_OBSERVABLE_TYPES,
    extension_definitions,
    schema_document,
)
from vigilance.exchange.stix.identity import platform_identity, platform_identity_id
from vigilance.exchange.stix.markings import TLP_EXTENSION_ID, TLP_MARKING_IDS, tlp_markings
from vigilance.exchange.stix.objects import (
    ConfirmedIdentifier,
    PlatformIndicator,
    cluster_grouping,
    identifier_objects,
)
from vigilance.exchange.stix.observables import NotExchangeable, observable_for, pattern_literal

ACCEPTED_WARNINGS = {"103"}
ACCEPTED_ON_RELATIONSHIPS = {"103", "202"}
OPTIONS = ValidationOptions(version="2.1")
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)

IDENTIFIERS = [
    ("phone", "+237699887766", "mtn"),
    ("momo_account", "+237650112233", "orange"),
    ("email", "faux.agent@example.com", ""),
    ("url", "https://paiement-mtn.example.com/login?id=1", ""),
    ("domain", "paiement-mtn.example.com", ""),
    ("ip", "196.202.1.7", ""),
    ("ip", "2001:db8::7", ""),
    ("bank_account", "CM2110005000010123456789012", "afriland"),
    ("crypto_wallet", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "bitcoin"),
    ("social_profile", "https://facebook.com/faux.agent.mtn", ""),
    ("social_profile", "https://x.com/o'neil", ""),
    ("social_profile", "https://instagram.com/faux.agent", ""),
    ("imei", "356938035643809", ""),
]


def assert_valid(body: str | dict) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    result = validate_string(text, OPTIONS)
    assert result.is_valid, [str(error) for error in result.errors]
    assert warning_codes(result.warnings) <= accepted_for(json.loads(text)), [
        str(w) for w in result.warnings
    ]


def warning_codes(warnings: list) -> set[str]:
    return {match.group(1) for w in warnings if (match := re.search(r"\{(\d+)\}", str(w)))}


def accepted_for(obj: dict) -> set[str]:
    if obj.get("type") == "relationship":
        return ACCEPTED_ON_RELATIONSHIPS
    if obj.get("type") == "user-account" and obj.get("account_type") not in ("facebook", "twitter"):
        return ACCEPTED_WARNINGS | {"244"}
    return ACCEPTED_WARNINGS


def identifier(type: str, value: str, provider: str = "", count: int = 3) -> ConfirmedIdentifier:
    return ConfirmedIdentifier(
        type=type,
        value=value,
        provider=provider,
        tlp=Tlp.GREEN,
        categories=["mobile_money_fraud"],
        report_count=count,
        confirmed_at=NOW - dt.timedelta(days=2),
        first_seen=NOW - dt.timedelta(days=30),
        last_seen=NOW - dt.timedelta(days=1),
        confidence=85,
    )


@pytest.mark.parametrize(("type", "value", "provider"), IDENTIFIERS)
def test_every_identifier_type_gives_valid_objects_and_a_parsing_pattern(type, value, provider):
    objects = identifier_objects(identifier(type, value, provider), modified=NOW)

    for obj in (objects.observable.sco, objects.indicator, objects.relationship, objects.sighting):
        assert_valid(obj.serialize())
    assert run_validator(objects.indicator.pattern, stix_version="2.1") == []
    assert objects.indicator.indicator_types == ["malicious-activity"]
    assert objects.indicator.object_marking_refs == [TLP_MARKING_IDS[Tlp.GREEN]]
    assert objects.sighting.count == 3
    assert objects.sighting.where_sighted_refs == [platform_identity_id()]


@pytest.mark.parametrize(("type", "value", "provider"), IDENTIFIERS)
def test_ids_are_the_same_every_time(type, value, provider):
    first = identifier_objects(identifier(type, value, provider), modified=NOW)
    later = identifier_objects(
        identifier(type, value, provider, count=9), modified=NOW + dt.timedelta(days=3)
    )

    assert first.indicator.id == later.indicator.id
    assert first.observable.sco.id == later.observable.sco.id
    assert first.sighting.id == later.sighting.id


def test_new_observable_types_use_extension_definitions_not_custom_properties():
    objects = identifier_objects(identifier("phone", "+237699887766", "mtn"), modified=NOW)
    sco = json.loads(objects.observable.sco.serialize())

    (extension_id,) = sco["extensions"]
    assert sco["extensions"][extension_id] == {"extension_type": "new-sco"}
    assert not [key for key in sco if key.startswith("x_")]
    definitions = {definition.id: definition for definition in extension_definitions()}
    assert definitions[extension_id].extension_types == ["new-sco"]
    assert definitions[extension_id].created_by_ref == platform_identity_id()


def test_extension_definitions_identity_and_markings_are_valid():
    for obj in (*extension_definitions(), platform_identity(), *tlp_markings()):
        assert_valid(obj.serialize())


def test_markings_are_the_tlp_2_0_definitions_of_first():
    clear, green, amber, strict, red = (json.loads(m.serialize()) for m in tlp_markings())

    assert clear["id"] == "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
    assert red["id"] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    assert strict["name"] == "TLP:AMBER+STRICT"
    assert strict["extensions"][TLP_EXTENSION_ID] == {
        "extension_type": "property-extension",
        "tlp_2_0": "amber+strict",
    }
    assert {m["created"] for m in (clear, green, amber, strict, red)} == {
        "2022-10-01T00:00:00.000Z"
    }


def test_a_grouping_is_valid_and_names_only_its_indicators():
    a = identifier_objects(identifier("phone", "+237699887766"), modified=NOW).indicator
    b = identifier_objects(identifier("email", "x@example.com"), modified=NOW).indicator

    grouping = cluster_grouping(
        key="cluster:1", tlp=Tlp.AMBER, member_ids=[a.id, b.id], created=NOW, modified=NOW
    )

    assert_valid(grouping.serialize())
    assert grouping.context == "suspicious-activity"
    assert sorted(grouping.object_refs) == sorted([a.id, b.id])


def test_quotes_and_backslashes_are_escaped_in_patterns():
    assert pattern_literal("o'neil\\x") == "'o\\'neil\\\\x'"
    observable = observable_for(type="url", value="https://e.example/a'b", marking_refs=[])
    assert run_validator(observable.pattern, stix_version="2.1") == []


def test_an_identifier_without_a_stix_form_is_refused():
    with pytest.raises(NotExchangeable):
        observable_for(type="licence_plate", value="LT 123 AB", marking_refs=[])
    with pytest.raises(NotExchangeable):
        observable_for(type="ip", value="not-an-address", marking_refs=[])


@pytest.mark.parametrize("kind", NEW_OBSERVABLE_TYPES, ids=lambda kind: kind.type)
def test_each_new_type_has_a_json_schema_that_its_objects_meet(kind):
    import jsonschema

    values = {"mobile-device": ("imei", "356938035643809")}
    key, value = values.get(kind.type, ("value", "+237699887766"))
    type_of = {
        "phone-number": "phone",
        "mobile-money-account": "momo_account",
        "bank-account": "bank_account",
        "cryptocurrency-wallet": "crypto_wallet",
        "mobile-device": "imei",
    }
    sco = observable_for(type=type_of[kind.type], value=value, marking_refs=[]).sco

    jsonschema.validate(json.loads(sco.serialize()), schema_document(kind))
    assert sco[key] == value


def test_validate_instance_accepts_a_parsed_indicator():
    objects = identifier_objects(identifier("domain", "paiement-mtn.example.com"), modified=NOW)
    result = validate_instance(json.loads(objects.indicator.serialize()), OPTIONS)
    assert result.is_valid


@settings(max_examples=200, deadline=None)
@given(value=st.text(min_size=1, max_size=60))
def test_the_pattern_template_parses_for_any_value(value):
    for type in ("phone", "email", "url", "domain", "imei", "crypto_wallet"):
        pattern = observable_for(type=type, value=value, marking_refs=[]).pattern
        assert run_validator(pattern, stix_version="2.1") == [], pattern


def test_a_platform_indicator_is_a_library_indicator_that_still_checks_its_fields():
    objects = identifier_objects(identifier("phone", "+237699887766"), modified=NOW)

    assert isinstance(objects.indicator, Indicator)
    with pytest.raises(InvalidValueError):
        PlatformIndicator(pattern="[x]", pattern_type="stix", valid_from=NOW, confidence="high")
    with pytest.raises(ValueError, match="valid_until"):
        PlatformIndicator(pattern="[x]", pattern_type="stix", valid_from=NOW, valid_until=NOW)


@pytest.mark.django_db
def test_the_schema_of_each_new_type_is_served_where_its_definition_says(client):
    for definition in extension_definitions():
        path = "/" + definition.schema.split("/", 3)[3]
        response = client.get(path)

        assert response.status_code == 200
        assert response.json()["$id"] == definition.schema
    assert client.get("/taxii2/schemas/ipv4-addr.json").status_code == 404
