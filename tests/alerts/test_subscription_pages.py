"""The public subscription pages: subscribe, confirm by link or code, manage, unsubscribe."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.alerts.subscription_data import (
    alert_published,
    committed,
    confirmation_token_sent,
    sms_code_sent,
    subscriber_confirmed,
)
from vigilance.alerts.models_subscriptions import Subscriber
from vigilance.alerts.services.subscriptions import subscriber_token

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/fr/alerts/subscribe/"


def _subscribe(client: Client, **fields: object) -> object:
    data = {"channel": "email", "address": "awa@example.cm", "regions": ["LT"], **fields}
    with committed():
        return client.post(SUBSCRIBE, data)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_subscription_form_shows_channels_regions_and_categories(language: str) -> None:
    response = Client().get(f"/{language}/alerts/subscribe/")
    assert response.status_code == 200
    assert b'name="channel"' in response.content
    assert b'value="LT"' in response.content
    assert b'value="mobile_money_fraud"' in response.content


def test_an_email_subscription_is_confirmed_by_pressing_the_button_behind_the_link() -> None:
    client = Client()
    response = _subscribe(client)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Vérifiez vos e-mails".encode() in response.content  # type: ignore[attr-defined]
    link = f"/fr/alerts/subscribe/confirm/{confirmation_token_sent()}/"
    assert client.get(link).status_code == 200
    assert not Subscriber.objects.receiving().exists()
    assert client.post(link).status_code == 200
    assert Subscriber.objects.receiving().get().address == "awa@example.cm"


def test_a_known_address_gets_the_same_answer_as_a_new_one() -> None:
    first = _subscribe(Client())
    subscriber_confirmed("ngo@example.cm")
    second = _subscribe(Client(), address="ngo@example.cm")
    assert first.status_code == second.status_code == 200  # type: ignore[attr-defined]
    strip = lambda page: page.content.decode().replace("csrfmiddlewaretoken", "")  # noqa: E731
    assert strip(first).split("<main")[1][:2000].replace("awa", "") == strip(second).split("<main")[
        1
    ][:2000].replace("ngo", "")


def test_an_invalid_number_is_a_400_with_a_french_message() -> None:
    response = _subscribe(Client(), channel="sms", address="6 77 12")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "numéro".encode() in response.content  # type: ignore[attr-defined]
    assert not Subscriber.objects.exists()


def test_an_expired_link_is_a_400_offering_to_start_again() -> None:
    client = Client()
    _subscribe(client)
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(days=3))
    link = f"/fr/alerts/subscribe/confirm/{confirmation_token_sent()}/"
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert SUBSCRIBE.encode() in response.content
        assert "expiré".encode() in response.content
    assert not Subscriber.objects.receiving().exists()


def test_an_unknown_link_is_a_400() -> None:
    assert Client().get("/en/alerts/subscribe/confirm/not-a-token/").status_code == 400


def test_an_sms_subscription_is_confirmed_with_the_code_on_the_next_page() -> None:
    client = Client()
    response = _subscribe(client, channel="sms", address="677 12 34 56")
    assert response["Location"] == "/fr/alerts/subscribe/confirm-code/"  # type: ignore[index]
    assert client.get("/fr/alerts/subscribe/confirm-code/").status_code == 200
    wrong = client.post("/fr/alerts/subscribe/confirm-code/", {"code": "12"})
    assert wrong.status_code == 400
    assert (
        client.post("/fr/alerts/subscribe/confirm-code/", {"code": sms_code_sent()}).status_code
        == 200
    )
    assert Subscriber.objects.receiving().get().address == "+237677123456"


def test_the_code_page_without_a_subscription_leads_back_to_the_form() -> None:
    response = Client().get("/fr/alerts/subscribe/confirm-code/")
    assert response["Location"] == SUBSCRIBE


def test_a_flood_of_subscriptions_from_one_address_is_refused_with_429(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_SUBSCRIBE_PER_IP = "2/h"
    client = Client()
    answers = [_subscribe(client, address=f"p{n}@example.cm").status_code for n in range(3)]  # type: ignore[attr-defined]
    assert answers == [200, 200, 429]
    assert len(mail.outbox) == 2


def _manage(subscriber: Subscriber) -> str:
    return f"/fr/alerts/subscriptions/{subscriber.public_id}/{subscriber_token(subscriber)}/"


def test_the_manage_page_changes_the_regions() -> None:
    subscriber = subscriber_confirmed("awa@example.cm", regions=("CE",))
    client = Client()
    assert client.get(_manage(subscriber)).status_code == 200
    response = client.post(_manage(subscriber), {"regions": ["LT"], "language": "en"})
    assert response.status_code == 200
    assert list(subscriber.regions.values_list("code", flat=True)) == ["LT"]


def test_the_manage_page_refuses_an_unknown_region_with_a_400() -> None:
    subscriber = subscriber_confirmed("awa@example.cm", regions=("CE",))
    response = Client().post(_manage(subscriber), {"regions": ["XX"], "language": "fr"})
    assert response.status_code == 400
    assert list(subscriber.regions.values_list("code", flat=True)) == ["CE"]


def test_a_wrong_token_is_a_404() -> None:
    subscriber = subscriber_confirmed("awa@example.cm")
    assert (
        Client().get(f"/fr/alerts/subscriptions/{subscriber.public_id}/{'0' * 40}/").status_code
        == 404
    )


def test_one_click_unsubscribe_needs_no_cookie_nor_csrf_token() -> None:
    subscriber = subscriber_confirmed("awa@example.cm")
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{_manage(subscriber)}unsubscribe/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.receiving().exists()


def test_opening_the_unsubscribe_address_does_not_unsubscribe() -> None:
    subscriber = subscriber_confirmed("awa@example.cm")
    response = Client().get(f"{_manage(subscriber)}unsubscribe/")
    assert response.status_code == 302
    assert Subscriber.objects.receiving().exists()


def test_the_short_link_of_an_sms_leads_to_the_alert() -> None:
    alert = alert_published()
    response = Client().get(f"/fr/a/{alert.reference}/")
    assert response["Location"].endswith(f"/fr/alerts/{alert.reference}/faux-agents-mtn/")


def test_the_short_link_of_an_unpublished_alert_is_a_404() -> None:
    alert = alert_published(status="draft")
    assert Client().get(f"/fr/a/{alert.reference}/").status_code == 404
