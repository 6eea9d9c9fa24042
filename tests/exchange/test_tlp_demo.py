"""The exchange's demonstration partners: two peer CIRTs with working keys whose secrets live only
in the embedded secrets file, read under TLP 2.0, printed by ``demo_logins``."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from vigilance.accounts.api_keys import api_key_authenticate, api_key_can
from vigilance.accounts.models import ApiKey, Organisation, OrganisationKind
from vigilance.accounts.permissions import Permission
from vigilance.exchange import demo_partners
from vigilance.exchange.access import collections_for
from vigilance.exchange.models import ExchangeCollection

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    demo_partners.seed(out)
    return out.getvalue()


def _peers() -> list[Organisation]:
    return [Organisation.objects.get(code=peer.code) for peer in demo_partners.DEMO_PEERS]


def test_two_demo_peer_cirts_with_working_exchange_keys(var_dir: Path) -> None:
    _seed()
    gabon, senegal = _peers()
    assert {gabon.kind, senegal.kind} == {OrganisationKind.PEER_CIRT}
    assert "(démo)" in gabon.name_fr
    assert "(demo)" in senegal.name_en
    for peer, organisation in zip(demo_partners.DEMO_PEERS, (gabon, senegal), strict=True):
        key = demo_partners.demo_key(peer)
        api_key = api_key_authenticate(key)
        assert api_key is not None
        assert api_key.organisation == organisation
        assert api_key_can(api_key, Permission.EXCHANGE)
        assert not api_key_can(api_key, Permission.PULL_FRAUD_LIST)
        secret = key.split("_", 2)[2]
        stored = json.dumps(list(ApiKey.objects.filter(pk=api_key.pk).values()), default=str)
        assert secret not in stored
        assert secret in (var_dir / "secrets.json").read_text()


def test_the_first_reads_amber_and_only_the_second_reads_its_strict_collection(
    var_dir: Path,
) -> None:
    _seed()
    gabon, senegal = _peers()
    strict = ExchangeCollection.objects.get(slug=f"amber-strict-{senegal.code}")
    assert (strict.tlp, strict.owner) == ("amber_strict", senegal)
    gabon_reads = set(collections_for(gabon).values_list("slug", flat=True))
    senegal_reads = set(collections_for(senegal).values_list("slug", flat=True))
    assert "confirmed-amber" in gabon_reads
    assert strict.slug not in gabon_reads
    assert strict.slug in senegal_reads
    assert "confirmed-amber" not in senegal_reads


def test_seeding_again_changes_nothing_and_keeps_the_same_key(var_dir: Path) -> None:
    _seed()
    key = demo_partners.demo_key(demo_partners.DEMO_PEERS[0])
    counts = (Organisation.objects.count(), ApiKey.objects.count())
    collections = ExchangeCollection.objects.count()
    _seed()
    assert (Organisation.objects.count(), ApiKey.objects.count()) == counts
    assert ExchangeCollection.objects.count() == collections
    assert demo_partners.demo_key(demo_partners.DEMO_PEERS[0]) == key
    assert api_key_authenticate(key) is not None


def test_a_revoked_demo_key_stays_revoked(var_dir: Path) -> None:
    _seed()
    peer = demo_partners.DEMO_PEERS[0]
    ApiKey.objects.filter(prefix=peer.prefix).update(revoked_at="2026-01-01T00:00:00Z")
    _seed()
    assert api_key_authenticate(demo_partners.demo_key(peer)) is None
    listed = json.loads((var_dir / demo_partners.DEMO_KEYS_FILE).read_text())
    assert peer.prefix not in [item["prefix"] for item in listed]


def test_nothing_is_made_outside_the_embedded_shape(var_dir: Path, settings: Settings) -> None:
    settings.EMBEDDED = False
    output = _seed()
    assert "skipped" in output
    assert not Organisation.objects.filter(code__startswith="demo-cert").exists()
    assert not ApiKey.objects.filter(prefix__startswith="demo").exists()
    assert not (var_dir / "secrets.json").exists()


def test_demo_logins_prints_the_taxii_discovery_and_a_working_key(var_dir: Path) -> None:
    _seed()
    out = io.StringIO()
    call_command("demo_logins", port=8765, stdout=out)
    output = out.getvalue()
    key = demo_partners.demo_key(demo_partners.DEMO_PEERS[0])
    assert "http://127.0.0.1:8765/taxii2/" in output
    assert key in output
    assert f'curl -H "Authorization: Bearer {key}"' in output
