"""Which collections a partner reads, by TLP 2.0: CLEAR and GREEN for every partner, AMBER for
the partners named for their need to know, AMBER+STRICT for its owner alone."""

import base64

import pytest
from django.test import RequestFactory

from vigilance.accounts.models import Organisation
from vigilance.exchange.access import collections_for, partner_key
from vigilance.exchange.models import ExchangeCollection

pytestmark = pytest.mark.django_db


def test_amber_needs_a_named_reader_and_strict_its_owner(
    peer_cirt: Organisation, other_peer_cirt: Organisation
) -> None:
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.add(peer_cirt)
    ExchangeCollection.objects.create(
        slug="strict-gabon", tlp="amber_strict", owner=peer_cirt, title_fr="x", title_en="x"
    )

    named = set(collections_for(peer_cirt).values_list("slug", flat=True))
    other = set(collections_for(other_peer_cirt).values_list("slug", flat=True))

    assert named == {"confirmed-clear", "confirmed-green", "confirmed-amber", "strict-gabon"}
    assert other == {"confirmed-clear", "confirmed-green"}


def test_a_key_is_read_from_bearer_or_basic_and_needs_the_exchange_permission(
    peer_cirt: Organisation, exchange_key
) -> None:
    key = exchange_key(peer_cirt)
    factory = RequestFactory()
    basic = base64.b64encode(f"any:{key}".encode()).decode()

    assert partner_key(factory.get("/", HTTP_AUTHORIZATION=f"Bearer {key}")) is not None
    assert partner_key(factory.get("/", HTTP_AUTHORIZATION=f"Basic {basic}")) is not None
    assert partner_key(factory.get("/", HTTP_AUTHORIZATION="Bearer vig_nope_nope")) is None
    assert partner_key(factory.get("/")) is None


def test_a_key_without_the_exchange_permission_reads_nothing(exchange_key) -> None:
    mtn = Organisation.objects.get(code="mtn")
    key = exchange_key(mtn, permissions=["pull_fraud_list"])

    assert partner_key(RequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {key}")) is None
