"""POST /api/v1/sms/inbound: the SMS gateway's replies, where STOP unsubscribes the number."""

import pytest
from django.test import Client

from tests.alerts.subscription_data import committed, sms_sent, subscriber_confirmed
from vigilance.alerts.models_subscriptions import Subscriber

pytestmark = pytest.mark.django_db

URL = "/api/v1/sms/inbound"
SECRET = "gateway-secret-0123456789"


@pytest.fixture(autouse=True)
def _secret(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_INBOUND_TOKEN = SECRET


def _post(body: object, **headers: str) -> object:
    return Client().post(URL, body, content_type="application/json", headers=headers)


def test_stop_unsubscribes_the_number_and_confirms_by_sms() -> None:
    subscriber_confirmed("+237677123456", channel="sms")
    with committed():
        response = _post(
            {"from": "677 12 34 56", "text": " Arrêt "}, Authorization=f"Bearer {SECRET}"
        )
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json() == {"unsubscribed": True}  # type: ignore[attr-defined]
    assert not Subscriber.objects.receiving().exists()
    assert sms_sent()[-1]["to"] == "+237677123456"


def test_other_texts_are_accepted_and_ignored() -> None:
    subscriber_confirmed("+237677123456", channel="sms")
    response = _post({"from": "+237677123456", "text": "Merci"}, Authorization=f"Bearer {SECRET}")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json() == {"unsubscribed": False}  # type: ignore[attr-defined]
    assert Subscriber.objects.receiving().exists()


def test_stop_from_an_unknown_number_changes_nothing() -> None:
    response = _post({"from": "+237699000111", "text": "STOP"}, Authorization=f"Bearer {SECRET}")
    assert response.json() == {"unsubscribed": False}  # type: ignore[attr-defined]
    assert sms_sent() == []


def test_without_the_secret_the_answer_is_401() -> None:
    subscriber_confirmed("+237677123456", channel="sms")
    response = _post({"from": "+237677123456", "text": "STOP"})
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert Subscriber.objects.receiving().exists()


def test_a_wrong_secret_is_refused_with_403_in_the_contract_shape() -> None:
    subscriber_confirmed("+237677123456", channel="sms")
    response = _post({"from": "+237677123456", "text": "STOP"}, Authorization="Bearer wrong")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert response.json()["error"]["code"] == "forbidden"  # type: ignore[attr-defined]
    assert Subscriber.objects.receiving().exists()


def test_every_request_is_refused_while_no_secret_is_configured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SMS_INBOUND_TOKEN = ""
    response = _post({"from": "+237677123456", "text": "STOP"}, Authorization="Bearer ")
    assert response.status_code in (401, 403)  # type: ignore[attr-defined]
    response = _post({"from": "+237677123456", "text": "STOP"}, Authorization="Bearer anything")
    assert response.status_code == 403  # type: ignore[attr-defined]


def test_a_body_without_the_sender_is_a_422_naming_the_field() -> None:
    response = _post({"text": "STOP"}, Authorization=f"Bearer {SECRET}")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "from" in response.json()["error"]["fields"]  # type: ignore[attr-defined]
