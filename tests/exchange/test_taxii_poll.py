"""Polling a partner's TAXII 2.1 collection, against a real server (OASIS's medallion): values
become the partner's, a second poll changes nothing, a refused page leaves the cursor."""

import uuid
from pathlib import Path
from typing import Any

import pytest
import stix2

from tests.exchange.medallion_server import PASSWORD, USER, medallion_server
from tests.factories import report_draft
from vigilance.accounts.models import Organisation
from vigilance.audit.models import AuditEvent
from vigilance.exchange.models import ImportBatch, ImportSource, PartnerIndicator, SourceKind
from vigilance.exchange.services.polling import source_poll
from vigilance.indicators.models import Indicator
from vigilance.intake import services as intake

pytestmark = pytest.mark.django_db

COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"
SECRET = "EXCHANGE_SECRET_CERT_GABON"


def _indicator(pattern: str, **extra: Any) -> dict[str, Any]:
    made = stix2.Indicator(
        pattern=pattern,
        pattern_type="stix",
        valid_from="2026-11-01T00:00:00Z",
        object_marking_refs=[stix2.TLP_GREEN],
        **extra,
    )
    return dict(stix2.parse(made.serialize(), allow_custom=True))


def _objects() -> list[dict[str, Any]]:
    import json

    indicators = [
        _indicator("[phone-number:value = '+237677123456']", confidence=80),
        _indicator("[url:value = 'http://colis-bloque.cm/payer']"),
        _indicator("[domain-name:value = 'colis-bloque.cm']", labels=["parcel-scam"]),
    ]
    return [json.loads(stix2.serialization.serialize(i)) for i in indicators]


def _source(partner: Organisation, url: str) -> ImportSource:
    return ImportSource.objects.create(
        partner=partner,
        kind=SourceKind.TAXII,
        name="CERT Gabon TAXII",
        url=url,
        username=USER,
        secret_setting=SECRET,
        default_tlp="amber",
        confidence=60,
    )


@pytest.fixture
def taxii_secret(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_SECRETS = {SECRET: PASSWORD}


def test_a_poll_imports_the_collection_and_a_second_changes_nothing(
    tmp_path: Path, peer_cirt: Organisation, taxii_secret: None
) -> None:
    intake.report_submit(draft=report_draft(), channel="web")
    dates = [
        "2026-12-01T10:00:00.000000Z",
        "2026-12-01T10:00:01.000000Z",
        "2026-12-01T10:00:02.000000Z",
    ]
    with medallion_server(tmp_path, {COLLECTION: _objects()}, dates, page_size=2) as server:
        source = _source(peer_cirt, server.collection_url(COLLECTION))

        assert source_poll(source) is True
        source.refresh_from_db()
        after_first = set(PartnerIndicator.objects.values_list("partner__code", "type", "value"))
        batches_first = ImportBatch.objects.count()

        assert source_poll(source) is True
        source.refresh_from_db()

    assert after_first == {
        ("cert-gabon", "phone", "+237677123456"),
        ("cert-gabon", "url", "http://colis-bloque.cm/payer"),
        ("cert-gabon", "domain", "colis-bloque.cm"),
    }
    assert batches_first == 2  # pages of two objects
    assert ImportBatch.objects.count() == 2
    assert source.cursor == dates[-1]
    assert source.last_success_at is not None
    assert source.last_error == ""
    phone = PartnerIndicator.objects.get(type="phone")
    assert (phone.tlp, phone.confidence) == ("green", 80)
    # The partner's number is the one a victim reported: the two correlate.
    assert Indicator.objects.filter(type="phone", value="+237677123456").exists()


def test_a_refused_page_leaves_nothing_and_the_cursor_where_it_was(
    tmp_path: Path, peer_cirt: Organisation, taxii_secret: None
) -> None:
    objects = _objects()
    objects[1]["pattern"] = "[url:value = "
    dates = [
        "2026-12-01T10:00:00.000000Z",
        "2026-12-01T10:00:01.000000Z",
        "2026-12-01T10:00:02.000000Z",
    ]
    with medallion_server(tmp_path, {COLLECTION: objects}, dates) as server:
        source = _source(peer_cirt, server.collection_url(COLLECTION))
        source.cursor = "2026-11-30T00:00:00.000000Z"
        source.save()

        assert source_poll(source) is False

    source.refresh_from_db()
    assert source.cursor == "2026-11-30T00:00:00.000000Z"
    assert "does not parse" in source.last_error
    assert not PartnerIndicator.objects.exists()
    refused = AuditEvent.objects.get(action="exchange.import_refused")
    assert refused.details["partner"] == "cert-gabon"
    assert refused.details["error"] == "bad_pattern"


def test_a_missing_secret_fails_the_poll_without_calling_anyone(
    peer_cirt: Organisation, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EXCHANGE_SECRETS = {}
    source = _source(peer_cirt, f"http://127.0.0.1:9/{uuid.uuid4()}/")

    assert source_poll(source) is False
    source.refresh_from_db()
    assert SECRET in source.last_error
    assert AuditEvent.objects.filter(action="exchange.poll_failed").exists()
