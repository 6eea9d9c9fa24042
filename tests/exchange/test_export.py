"""The full STIX export: one bundle of the latest published objects up to a marking, that the
OASIS validator accepts whole; nothing RED; for analysts and the exchange's managers only."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from stix2validator import ValidationOptions, validate_string

from tests import personas
from tests.exchange.test_publish import confirm, file_report
from tests.exchange.test_stix_objects import accepted_for, warning_codes
from vigilance.audit.models import AuditEvent
from vigilance.core.tlp import Tlp
from vigilance.exchange.services.publish import publish_run
from vigilance.exchange.stix.markings import TLP_MARKING_IDS
from vigilance.indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> dict[str, Indicator]:
    """Confirmed identifiers of several types and markings, published."""
    file_report(("phone", "6 99 88 77 66"), ("email", "faux.agent@example.com"))
    file_report(("url", "https://paiement-mtn.example.com/login"), ("phone", "6 99 88 77 66"))
    file_report(("momo_account", "650112233"), ("imei", "356938035643809"))
    file_report(("crypto_wallet", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"))
    file_report(("social_profile", "https://facebook.com/faux.agent.mtn"))
    markings = {"momo_account": Tlp.AMBER, "imei": Tlp.RED, "crypto_wallet": Tlp.AMBER_STRICT}
    confirmed = {}
    for indicator in Indicator.objects.all():
        confirmed[indicator.type] = confirm(indicator, tlp=markings.get(indicator.type, Tlp.GREEN))
    publish_run()
    return confirmed


def bundle_of(text: str) -> dict:
    bundle = json.loads(text)
    assert bundle["type"] == "bundle"
    return bundle


def test_a_full_export_validates_as_one_bundle(published, tmp_path: Path):
    out = tmp_path / "green.json"

    call_command("exchange_export", "--tlp", "green", "--out", str(out))

    text = out.read_text(encoding="utf-8")
    result = validate_string(text, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    by_id = {obj["id"]: obj for obj in bundle_of(text)["objects"]}
    for warning in result.warnings:
        # Each warning names its object first: "<id>: {code} ...".
        object_id = str(warning).split(":", 1)[0]
        assert warning_codes([warning]) <= accepted_for(by_id[object_id]), str(warning)
    types = {obj["type"] for obj in bundle_of(text)["objects"]}
    assert {"identity", "marking-definition", "extension-definition", "indicator"} <= types
    assert {"sighting", "relationship", "grouping", "phone-number", "url", "user-account"} <= types


def test_a_green_export_holds_nothing_amber_or_red(published):
    out = StringIO()
    call_command("exchange_export", "--tlp", "TLP:GREEN", stdout=out)

    objects = bundle_of(out.getvalue())["objects"]
    marked = {ref for obj in objects for ref in obj.get("object_marking_refs", [])}
    assert marked <= {TLP_MARKING_IDS[Tlp.CLEAR], TLP_MARKING_IDS[Tlp.GREEN]}
    text = out.getvalue()
    assert published["momo_account"].value not in text
    assert not [obj for obj in objects if obj["type"] == "mobile-money-account"]
    assert published["imei"].value not in text
    assert published["crypto_wallet"].value not in text


def test_an_amber_export_adds_amber_but_never_red_nor_strict(published):
    out = StringIO()
    call_command("exchange_export", "--tlp", "amber", stdout=out)

    text = out.getvalue()
    assert published["momo_account"].value in text
    assert published["imei"].value not in text
    assert published["crypto_wallet"].value not in text
    for obj in bundle_of(text)["objects"]:
        assert TLP_MARKING_IDS[Tlp.RED] not in obj.get("object_marking_refs", [])


@pytest.mark.parametrize("tlp", ["red", "amber+strict", "purple"])
def test_the_command_refuses_red_strict_and_unknown_markings(tlp):
    with pytest.raises(CommandError):
        call_command("exchange_export", "--tlp", tlp, stdout=StringIO())


def test_an_analyst_downloads_the_bundle_and_it_is_audited(published, cirt_analyst):
    client = personas.signed_in_client(cirt_analyst)

    response = client.get(reverse("exchange:export"), {"tlp": "green"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/stix+json")
    assert "attachment" in response["Content-Disposition"]
    bundle = bundle_of(b"".join(response.streaming_content).decode())
    assert any(obj["type"] == "indicator" for obj in bundle["objects"])
    event = AuditEvent.objects.get(action="exchange.exported")
    assert event.actor_id == cirt_analyst.pk


def test_the_exchange_manager_sees_the_page(supervisor_police):
    response = personas.signed_in_client(supervisor_police).get(reverse("exchange:export"))

    assert response.status_code == 200
    assert "TLP:AMBER" in response.content.decode()


def test_a_red_export_asked_on_the_page_is_a_clear_400(cirt_analyst):
    response = personas.signed_in_client(cirt_analyst).get(
        reverse("exchange:export"), {"tlp": "red"}
    )

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="exchange.exported").exists()


@pytest.mark.parametrize("persona", ["auditor", "mtn_responder"])
def test_staff_without_the_right_get_a_404(persona, request, published):
    user = request.getfixturevalue(persona)

    response = personas.signed_in_client(user).get(reverse("exchange:export"), {"tlp": "green"})

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="exchange.exported").exists()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_export_page_reads_in_its_language(cirt_analyst, language):
    import re

    from tests.support.page_walk import text_problems

    response = personas.signed_in_client(cirt_analyst).get(f"/{language}/staff/exchange/export/")

    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main.split(">", 1)[1])
    assert text_problems(text, language=language) == []
