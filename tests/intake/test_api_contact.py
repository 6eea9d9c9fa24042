"""Confirming the reporter's contact through the API, with the tracking code in a header."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import report_payload
from tests.intake.test_contact_verification import sms_codes
from vigilance.intake import verification
from vigilance.intake.models import Report, ReportEvent

pytestmark = pytest.mark.django_db


def _file(client: Client, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/v1/reports", report_payload(**changes), "application/json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def _send(client: Client, body: dict[str, Any], capture: Any, **payload: Any) -> Any:
    with capture(execute=True):
        return client.post(
            f"/api/v1/reports/{body['reference']}/contact/verification",
            payload or None,
            "application/json",
            headers={"X-Tracking-Code": body["tracking_code"], "Accept-Language": "en"},
        )


def _confirm(client: Client, body: dict[str, Any], code: str, language: str = "en") -> Any:
    return client.post(
        f"/api/v1/reports/{body['reference']}/contact/verification/confirm",
        {"code": code},
        "application/json",
        headers={"X-Tracking-Code": body["tracking_code"], "Accept-Language": language},
    )


def test_sending_a_code_answers_201_with_where_it_went(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)

    response = _send(client, body, django_capture_on_commit_callbacks)

    assert response.status_code == 201
    assert response.json()["channel"] == "phone"
    assert response.json()["sent_to"] == "•••• 56"
    assert len(sms_codes(settings)) == 1


def test_the_code_confirms_the_report(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)
    _send(client, body, django_capture_on_commit_callbacks)

    response = _confirm(client, body, sms_codes(settings)[0])

    assert response.status_code == 200
    assert response.json()["reference"] == body["reference"]
    assert response.json()["contact_verified_at"]
    report = Report.objects.get(reference=body["reference"])
    assert report.contact_verified_at is not None
    history = client.get(
        f"/api/v1/reports/{body['reference']}", headers={"X-Tracking-Code": body["tracking_code"]}
    ).json()["history"]
    assert ReportEvent.Kind.CONTACT_VERIFIED in [entry["kind"] for entry in history]


def test_wrong_code_answers_400_in_the_contract_shape_in_both_languages(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)
    _send(client, body, django_capture_on_commit_callbacks)
    code = sms_codes(settings)[0]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    english = _confirm(client, body, wrong, "en")
    french = _confirm(client, body, wrong, "fr")

    assert english.status_code == 400
    assert english.json()["error"]["code"] == "wrong_code"
    assert english.json()["error"]["message"] == (
        "This code is not the one we sent. Tries left: 4."
    )
    assert french.json()["error"]["message"] == (
        "Ce code n\u2019est pas celui que nous avons envoyé. Essais restants : 3."
    )


def test_too_many_wrong_codes_answer_400_too_many_attempts(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)
    _send(client, body, django_capture_on_commit_callbacks)
    code = sms_codes(settings)[0]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(verification.MAX_ATTEMPTS):
        _confirm(client, body, wrong)

    response = _confirm(client, body, code)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_attempts"


def test_confirming_without_a_code_sent_answers_400_code_expired(client: Client) -> None:
    body = _file(client)

    response = _confirm(client, body, "123456")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "code_expired"


def test_wrong_tracking_code_answers_404_to_both_endpoints(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    mine, theirs = _file(client), _file(client)
    forged = {"reference": theirs["reference"], "tracking_code": mine["tracking_code"]}

    sent = _send(client, forged, django_capture_on_commit_callbacks)
    confirmed = _confirm(client, forged, "123456")

    assert sent.status_code == 404
    assert sent.json()["error"]["code"] == "not_found"
    assert confirmed.status_code == 404


def test_anonymous_report_has_nothing_to_confirm(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client, reporter={"type": "person", "anonymous": True})

    response = _send(client, body, django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "nothing_to_confirm"


def test_e_mail_channel_sends_a_link(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(
        client,
        reporter={"type": "person", "name": "Awa", "email": "awa@example.cm", "anonymous": False},
    )

    response = _send(client, body, django_capture_on_commit_callbacks, channel="email")

    assert response.status_code == 201
    assert response.json()["sent_to"] == "a•••@example.cm"
    assert "/follow/confirm-email/" in str(mail.outbox[0].body)


def test_unknown_channel_answers_422(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)

    response = _send(client, body, django_capture_on_commit_callbacks, channel="fax")

    assert response.status_code == 422
    assert "channel" in response.json()["error"]["fields"]


def test_fourth_send_in_an_hour_answers_429(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    body = _file(client)
    for _ in range(verification.MAX_SENDS_PER_HOUR):
        assert _send(client, body, django_capture_on_commit_callbacks).status_code == 201

    response = _send(client, body, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


def test_an_overlong_code_answers_422_on_the_field(client: Client) -> None:
    body = _file(client)

    response = _confirm(client, body, "1" * 500)

    assert response.status_code == 422
    assert "code" in response.json()["error"]["fields"]


def test_an_unknown_field_answers_422(client: Client) -> None:
    body = _file(client)

    response = client.post(
        f"/api/v1/reports/{body['reference']}/contact/verification/confirm",
        {"code": "123456", "report_id": 1},
        "application/json",
        headers={"X-Tracking-Code": body["tracking_code"]},
    )

    assert response.status_code == 422
