"""A dispute has a short reference its owner quotes; the confirmation shows it and says who
reviews, in what time and how the owner is answered; the check says what to do in each outcome."""

import re

import pytest
from django.test import Client

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with
from tests.indicators.test_disputes import owner_says
from vigilance.indicators.disputes import dispute_submit
from vigilance.indicators.models import Dispute, IndicatorStatus, new_dispute_reference

REFERENCE = re.compile(r"^CTS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_a_reference_is_short_random_and_free_of_look_alike_letters() -> None:
    references = {new_dispute_reference() for _ in range(500)}

    assert len(references) == 500
    assert all(REFERENCE.match(reference) for reference in references)


@pytest.mark.django_db
def test_the_confirmation_shows_the_reference_of_the_dispute_filed(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    response = client.post("/en/check/dispute/", owner_says(), follow=True)

    html = response.content.decode()
    reference = Dispute.objects.get().reference
    assert REFERENCE.match(reference)
    assert f'<strong class="dispute-reference" translate="no">{reference}</strong>' in html
    assert "An analyst of the national CIRT reviews" in html
    assert "within 10 working days" in html
    assert "gives you the decision on the same phone number or e-mail address" in html


@pytest.mark.django_db
def test_the_confirmation_says_what_happens_next_in_french(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    html = client.post("/fr/check/dispute/", owner_says(), follow=True).content.decode()

    assert Dispute.objects.get().reference in html
    assert "Votre référence de contestation" in html
    assert "dans un délai de 10 jours ouvrés" in html


@pytest.mark.django_db
def test_filing_again_while_open_gives_the_same_reference() -> None:
    indicator_with(report_count=5, reporter_count=3)
    fields = {
        "type": "phone",
        "value": SUSPECT_E164,
        "name": "Marie Ngo Bassa",
        "contact": "6 91 23 45 67",
        "statement": "My shop's number.",
        "language": "fr",
    }

    first, second = dispute_submit(**fields), dispute_submit(**fields)

    assert first.reference == second.reference


@pytest.mark.django_db
def test_two_disputes_have_two_references() -> None:
    indicator_with(report_count=5, reporter_count=3)
    base = {"type": "phone", "value": SUSPECT, "name": "A", "statement": "Mine.", "language": "en"}

    one = dispute_submit(contact="6 91 23 45 67", **base)
    other = dispute_submit(contact="6 91 23 45 68", **base)

    assert one.reference != other.reference


@pytest.mark.django_db
def test_the_api_answers_with_the_reference(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)
    payload = owner_says() | {"attestation": True, "language": "en"}

    response = client.post("/api/v1/disputes", payload, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["reference"] == Dispute.objects.get().reference


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reporters", "step"),
    [
        (IndicatorStatus.CONFIRMED_FRAUD, 25, "Already paid? Report it on Vigilance now"),
        (IndicatorStatus.UNVERIFIED, 7, "Do not pay until you have checked who you are dealing"),
        (None, 0, "No report is not a guarantee"),
    ],
)
def test_the_check_says_what_to_do_now_in_each_outcome(
    client: Client, status: str | None, reporters: int, step: str
) -> None:
    if status is not None:
        indicator_with(report_count=reporters, reporter_count=reporters, status=status)

    html = client.get("/en/check/", {"type": "phone", "value": SUSPECT}).content.decode()

    assert "What to do now" in html
    assert step in html


@pytest.mark.django_db
def test_a_dispute_recorded_elsewhere_gets_a_reference_too() -> None:
    indicator = indicator_with(report_count=5, reporter_count=3)
    fields = {"indicator": indicator, "name": "A", "contact": "a@example.cm", "statement": "."}

    one, other = Dispute.objects.create(**fields), Dispute.objects.create(**fields)

    assert REFERENCE.match(one.reference)
    assert one.reference != other.reference
