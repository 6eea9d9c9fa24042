"""The owner of a reported number disputes the reports: the page, the service and the API."""

import pytest
from django.test import Client

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with, reports_naming
from vigilance.audit.models import AuditEvent
from vigilance.indicators.disputes import DisputeInvalid, dispute_submit
from vigilance.indicators.models import Dispute, IndicatorStatus

pytestmark = pytest.mark.django_db

PAGE = "/en/check/dispute/"


def owner_says(**changes: str) -> dict[str, str]:
    data = {
        "type": "phone",
        "value": SUSPECT_E164,
        "name": "Marie Ngo Bassa",
        "contact": "6 91 23 45 67",
        "statement": "This is my shop's number since 2019; I sell phones in Akwa.",
        "attestation": "on",
    }
    data.update(changes)
    return data


def test_the_form_shows_the_value_and_asks_for_an_attestation(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    response = client.get(PAGE, {"type": "phone", "value": SUSPECT})

    html = response.content.decode()
    assert response.status_code == 200
    assert "+237 6 99 88 77 66" in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'name="attestation"' in html
    assert 'name="value" value="+237699887766"' in html


def test_a_dispute_is_filed_and_acknowledged(client: Client) -> None:
    indicator = indicator_with(report_count=5, reporter_count=3)

    response = client.post(PAGE, owner_says(), follow=True)

    assert response.redirect_chain == [("/en/check/dispute/sent/", 302)]
    assert "What happens next" in response.content.decode()
    dispute = Dispute.objects.get()
    assert (dispute.indicator, dispute.name, dispute.contact, dispute.language) == (
        indicator,
        "Marie Ngo Bassa",
        "+237691234567",
        "en",
    )
    assert dispute.state == Dispute.State.OPEN


def test_filing_a_dispute_is_audited_without_personal_data(client: Client) -> None:
    indicator = indicator_with(report_count=5, reporter_count=3)

    client.post(PAGE, owner_says())

    event = AuditEvent.objects.get(action="dispute.submitted")
    assert event.object_id == str(indicator.pk)
    assert "Marie" not in str(event.details)
    assert "691234567" not in str(event.details)


def test_filing_a_dispute_does_not_change_the_public_answer(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3, status=IndicatorStatus.CONFIRMED_FRAUD)

    client.post(PAGE, owner_says())

    body = client.get("/api/v1/lookup", {"type": "phone", "value": SUSPECT}).json()
    assert body["status"] == "confirmed_fraud"


def test_the_same_owner_filing_twice_makes_one_dispute(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    client.post(PAGE, owner_says())
    client.post(PAGE, owner_says(contact="+237691234567"))

    assert Dispute.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact", "not a phone"), ("contact", "marie@"), ("name", ""), ("statement", "")],
    ids=["bad-phone", "bad-email", "no-name", "no-statement"],
)
def test_invalid_answers_re_render_the_form(client: Client, field: str, value: str) -> None:
    indicator_with(report_count=5, reporter_count=3)

    response = client.post(PAGE, owner_says(**{field: value}))

    assert response.status_code == 400
    assert f"id_{field}_error" in response.content.decode()
    assert not Dispute.objects.exists()


def test_the_attestation_is_required(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)
    data = owner_says()
    del data["attestation"]

    response = client.post(PAGE, data)

    assert response.status_code == 400
    assert "id_attestation_error" in response.content.decode()


def test_an_e_mail_contact_is_kept_in_its_normal_form(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)

    client.post(PAGE, owner_says(contact="Marie.Ngo@Example.CM"))

    assert Dispute.objects.get().contact == "marie.ngo@example.cm"


@pytest.mark.parametrize("reporters", [0, 2], ids=["unknown", "below-threshold"])
def test_there_is_nothing_to_dispute_for_a_value_not_shown_as_reported(
    client: Client, reporters: int
) -> None:
    if reporters:
        reports_naming(reporters=reporters)

    shown = client.get(PAGE, {"type": "phone", "value": SUSPECT})
    sent = client.post(PAGE, owner_says())

    assert "there is nothing to dispute" in shown.content.decode()
    assert sent.status_code == 400
    assert not Dispute.objects.exists()


def test_a_missing_or_invalid_value_has_nothing_to_dispute(client: Client) -> None:
    assert "Nothing to dispute" in client.get(PAGE).content.decode()
    assert "Nothing to dispute" in client.get(PAGE, {"type": "fax", "value": "1"}).content.decode()


def test_disputes_are_rate_limited(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_SUBMIT_PER_IP = "2/m"
    indicator_with(report_count=5, reporter_count=3)

    answers = [client.post(PAGE, owner_says()).status_code for _ in range(3)]

    assert answers == [302, 302, 429]


def test_the_form_needs_a_csrf_token() -> None:
    indicator_with(report_count=5, reporter_count=3)
    client = Client(enforce_csrf_checks=True)

    response = client.post(PAGE, owner_says())

    assert response.status_code == 403
    assert not Dispute.objects.exists()


def test_the_service_refuses_a_value_nobody_reported() -> None:
    with pytest.raises(DisputeInvalid):
        dispute_submit(
            type="phone",
            value=SUSPECT,
            name="Marie",
            contact="691234567",
            statement="Mine",
            language="fr",
        )


def test_the_api_files_a_dispute(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)
    payload = owner_says() | {"attestation": True, "language": "fr"}

    response = client.post("/api/v1/disputes", payload, content_type="application/json")

    assert response.status_code == 201
    dispute = Dispute.objects.get()
    assert response.json() == {"status": "received", "reference": dispute.reference}
    assert dispute.language == "fr"


def test_the_api_answers_400_when_there_is_nothing_to_dispute(client: Client) -> None:
    payload = owner_says() | {"attestation": True}

    response = client.post(
        "/api/v1/disputes", payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "nothing to dispute" in response.json()["error"]["message"]


def test_the_api_refuses_a_dispute_without_attestation(client: Client) -> None:
    indicator_with(report_count=5, reporter_count=3)
    payload = owner_says() | {"attestation": False}

    response = client.post("/api/v1/disputes", payload, content_type="application/json")

    assert response.status_code == 422
    assert "attestation" in response.json()["error"]["fields"]
    assert not Dispute.objects.exists()


def test_the_dispute_page_is_limited_as_a_look_up(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "2/m"

    answers = [client.get(PAGE, {"type": "phone", "value": SUSPECT}).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_the_dispute_page_shares_the_look_up_limit(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "2/m"
    client.get("/api/v1/lookup", {"type": "phone", "value": SUSPECT})
    client.get("/en/check/", {"type": "phone", "value": SUSPECT})

    refused = client.post(PAGE, owner_says())

    assert refused.status_code == 429
    assert not Dispute.objects.exists()


def test_the_dispute_api_is_limited_as_a_look_up(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_LOOKUP_PER_IP = "2/m"
    payload = owner_says() | {"attestation": True, "language": "en"}

    answers = [
        client.post("/api/v1/disputes", payload, content_type="application/json").status_code
        for _ in range(3)
    ]

    assert answers == [400, 400, 429]
