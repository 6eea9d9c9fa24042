"""Reading MISP events: types mapped to the platform's, markings and confidence from tags,
revocations, refusals of malformed files, and the same file imported once."""

import hashlib
from pathlib import Path

import pytest
from django.utils import translation

from tests.exchange.misp_events import misp_event, with_bank_object, write
from vigilance.accounts.models import Organisation
from vigilance.audit.models import AuditEvent
from vigilance.exchange.errors import import_error_message
from vigilance.exchange.misp_in import parse_event_file
from vigilance.exchange.models import ImportStatus, PartnerIndicator
from vigilance.exchange.parsers import detect_format, parser_for
from vigilance.exchange.services.imports import ImportRefused, import_batch_run


def _parse(path: Path, default_tlp: str = "amber", confidence: int | None = 50) -> list:
    return list(parse_event_file(path, default_tlp=default_tlp, confidence=confidence))


def test_misp_types_map_to_the_platforms_and_others_are_skipped(tmp_path: Path) -> None:
    event = misp_event(
        attributes=(
            ("phone-number", "+237 677 12 34 56"),
            ("whois-registrant-phone", "+237 699 00 11 22"),
            ("link", "https://colis-express.example/suivi"),
            ("hostname", "colis-express.example"),
            ("ip-dst|port", "41.202.1.2|443"),
            ("email-src", "agent@colis-express.example"),
            ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            ("md5", "d41d8cd98f00b204e9800998ecf8427e"),
        )
    )
    with_bank_object(event, "CM2110002000300277976315008")
    items = _parse(write(tmp_path / "event.json", event.to_feed()))

    kinds = [(item.type, item.raw_value) for item in items]
    assert ("phone", "+237 699 00 11 22") in kinds
    assert ("url", "https://colis-express.example/suivi") in kinds
    assert ("domain", "colis-express.example") in kinds
    assert ("ip", "41.202.1.2") in kinds
    assert ("email", "agent@colis-express.example") in kinds
    assert ("crypto_wallet", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT") in kinds
    assert ("bank_account", "CM2110002000300277976315008") in kinds
    assert [item.type for item in items].count("skipped") == 1
    assert all("Parcel scam wave" in item.labels for item in items if item.type != "skipped")


def test_the_attributes_tag_overrides_the_events_marking(tmp_path: Path) -> None:
    event = misp_event(tags=("tlp:amber", 'admiralty-scale:information-credibility="2"'))
    event.attributes[0].add_tag("tlp:white")
    event.add_attribute("domain", "arnaque.example")
    items = _parse(write(tmp_path / "event.json", event.to_feed()), default_tlp="red")

    assert [(item.type, item.tlp, item.confidence) for item in items] == [
        ("phone", "clear", 80),
        ("domain", "amber", 80),
    ]


def test_without_tags_the_sources_marking_and_confidence_apply(tmp_path: Path) -> None:
    event = misp_event(tags=())
    items = _parse(write(tmp_path / "e.json", event.to_feed()), default_tlp="green", confidence=35)

    assert (items[0].tlp, items[0].confidence) == ("green", 35)


def test_deleted_attributes_are_revocations_and_comments_are_kept(tmp_path: Path) -> None:
    event = misp_event()
    content = event.to_feed()
    content["Event"]["Attribute"][0]["deleted"] = True
    content["Event"]["Attribute"][0]["comment"] = "the caller"
    content["Event"]["Attribute"][0]["first_seen"] = "2026-11-12T10:00:00.000000+00:00"
    items = _parse(write(tmp_path / "e.json", content))

    assert items[0].is_revoked
    assert items[0].description == "the caller"
    assert items[0].first_seen is not None
    assert items[0].first_seen.day == 12


def test_an_api_answer_with_several_events_is_read_event_by_event(tmp_path: Path) -> None:
    first = misp_event("One", tags=("tlp:green",))
    second = misp_event("Two", tags=("tlp:red",), attributes=(("domain", "b.example"),))
    path = write(tmp_path / "r.json", {"response": [first.to_feed(), second.to_feed()]})

    items = _parse(path)

    assert [(item.type, item.tlp, item.labels[0]) for item in items] == [
        ("phone", "green", "One"),
        ("domain", "red", "Two"),
    ]
    assert detect_format(path) == "misp"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"Event": {"info": "x", "Attribute": [', "misp_malformed_json"),
        ('{"Something": {}}', "misp_no_event"),
        (
            '{"Event": {"info": "x", "Attribute": [{"type": "made-up-type", "value": "1"}]}}',
            "misp_unknown_type",
        ),
    ],
)
def test_the_whole_file_is_refused(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ImportRefused) as refused:
        _parse(path)

    assert refused.value.code == code
    assert import_error_message(code, refused.value.detail)


@pytest.mark.django_db
def test_a_refused_file_leaves_nothing_and_says_why_in_both_languages(
    tmp_path: Path, peer_cirt: Organisation
) -> None:
    content = misp_event(attributes=(("domain", "ok.example"),)).to_feed()
    content["Event"]["Attribute"].append({"type": "not-a-misp-type", "value": "x"})
    path = write(tmp_path / "e.json", content)
    parser = parser_for("misp")

    batch = import_batch_run(
        partner=peer_cirt,
        format="misp",
        sha256="d" * 64,
        items=parser(path, default_tlp="amber", confidence=50),
    )

    assert batch.status == ImportStatus.REFUSED
    assert not PartnerIndicator.objects.exists()
    with translation.override("fr"):
        french = import_error_message(batch.error_code, batch.error_detail)
    with translation.override("en"):
        english = import_error_message(batch.error_code, batch.error_detail)
    assert "not-a-misp-type" in english
    assert "not-a-misp-type" in french
    assert english != french


@pytest.mark.django_db
def test_the_same_event_file_twice_is_imported_once(
    tmp_path: Path, peer_cirt: Organisation
) -> None:
    path = write(tmp_path / "e.json", misp_event().to_feed())
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()

    def run() -> ImportStatus:
        items = parse_event_file(path, default_tlp="amber", confidence=50)
        batch = import_batch_run(partner=peer_cirt, format="misp", sha256=sha256, items=items)
        return ImportStatus(batch.status)

    assert run() == ImportStatus.IMPORTED
    assert run() == ImportStatus.ALREADY_IMPORTED
    row = PartnerIndicator.objects.get()
    assert (row.type, row.value, row.tlp) == ("phone", "+237677123456", "amber")
    assert AuditEvent.objects.filter(action="exchange.import_repeated").count() == 1
