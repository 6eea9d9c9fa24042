"""Subscribing to alerts, confirming by link or code, changing choices and unsubscribing."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from tests.alerts.subscription_data import (
    committed,
    confirmation_token_sent,
    sms_code_sent,
    sms_sent,
    subscriber_confirmed,
)
from vigilance.alerts.models_subscriptions import Subscriber
from vigilance.alerts.services import subscriptions as services
from vigilance.alerts.subscription_rules import GSM7_CHARACTERS, SMS_LENGTH, gsm7, is_stop, sms_fit
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _subscribe(
    address: str = "Awa@Example.CM", channel: str = "email", **choices: list[str]
) -> Subscriber:
    with committed():
        return services.subscriber_subscribe(
            channel=channel,
            address=address,
            region_codes=choices.get("regions", ["LT"]),
            category_codes=choices.get("categories", []),
            language="fr",
        )


def test_an_email_subscription_receives_nothing_until_its_link_is_confirmed() -> None:
    subscriber = _subscribe()
    assert subscriber.address == "awa@example.cm"
    assert not Subscriber.objects.receiving().exists()
    assert "Confirmez" in mail.outbox[0].subject
    services.subscriber_confirm_link(token=confirmation_token_sent())
    confirmed = Subscriber.objects.receiving().get()
    assert list(confirmed.regions.values_list("code", flat=True)) == ["LT"]


def test_a_confirmation_link_works_once() -> None:
    _subscribe()
    token = confirmation_token_sent()
    services.subscriber_confirm_link(token=token)
    with pytest.raises(services.ConfirmationRefused) as refused:
        services.subscriber_confirm_link(token=token)
    assert refused.value.code == "link_invalid"


def test_an_expired_link_is_refused_with_a_way_to_start_again(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALERT_SUBSCRIPTION_CONFIRM_HOURS = 48
    subscriber = _subscribe()
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirmation_sent_at=timezone.now() - dt.timedelta(hours=49)
    )
    with translation.override("fr"), pytest.raises(services.ConfirmationRefused) as refused:
        services.subscriber_confirm_link(token=confirmation_token_sent())
    assert refused.value.code == "expired"
    assert "Abonnez-vous" in refused.value.message
    assert not Subscriber.objects.receiving().exists()


def test_the_same_address_twice_is_one_subscriber_whose_choices_wait_for_confirmation() -> None:
    subscriber = subscriber_confirmed("awa@example.cm", regions=("CE",))
    again = _subscribe(regions=["LT"])
    assert again.pk == subscriber.pk
    assert Subscriber.objects.count() == 1
    assert list(subscriber.regions.values_list("code", flat=True)) == ["CE"]
    services.subscriber_confirm_link(token=confirmation_token_sent())
    assert list(subscriber.regions.values_list("code", flat=True)) == ["LT"]


@pytest.mark.parametrize(
    ("channel", "address", "words"),
    [
        ("sms", "12345", "numéro"),
        ("sms", "+33 6 12 34 56 78", "camerounais"),
        ("sms", "222 23 45 67", "camerounais"),
        ("email", "awa.example.cm", "adresse"),
    ],
)
def test_an_invalid_address_is_refused_in_the_persons_language(
    channel: str, address: str, words: str
) -> None:
    with translation.override("fr"), pytest.raises(services.SubscriptionInvalid) as refused:
        _subscribe(address, channel=channel)
    assert words in refused.value.fields["address"][0].lower()
    assert not Subscriber.objects.exists()


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(services.SubscriptionInvalid) as refused:
        _subscribe(regions=["XX"])
    assert "regions" in refused.value.fields


def test_an_sms_subscription_is_confirmed_by_the_code_sent_and_a_number_in_e164() -> None:
    subscriber = _subscribe("677 12 34 56", channel="sms")
    assert subscriber.address == "+237677123456"
    assert sms_sent()[-1]["to"] == "+237677123456"
    services.subscriber_confirm_code(subscriber_id=str(subscriber.public_id), code=sms_code_sent())
    assert Subscriber.objects.receiving().get().pk == subscriber.pk


def test_wrong_codes_are_counted_and_the_sixth_try_is_refused_even_right() -> None:
    subscriber = _subscribe("677 12 34 56", channel="sms")
    code = sms_code_sent()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.MAX_CODE_ATTEMPTS):
        with pytest.raises(services.ConfirmationRefused) as refused:
            services.subscriber_confirm_code(subscriber_id=str(subscriber.public_id), code=wrong)
        assert refused.value.code == "wrong_code"
    with pytest.raises(services.ConfirmationRefused) as refused:
        services.subscriber_confirm_code(subscriber_id=str(subscriber.public_id), code=code)
    assert refused.value.code == "too_many_attempts"


def test_confirmations_to_one_address_stop_after_three_an_hour() -> None:
    for _ in range(5):
        _subscribe("677 12 34 56", channel="sms")
    assert len(sms_sent()) == 3


def test_unsubscribing_stops_the_alerts_and_is_audited_without_the_address() -> None:
    subscriber = subscriber_confirmed("awa@example.cm")
    assert services.subscriber_unsubscribe(subscriber=subscriber, via="page")
    assert not services.subscriber_unsubscribe(subscriber=subscriber, via="page")
    assert not Subscriber.objects.receiving().exists()
    event = AuditEvent.objects.get(action="subscription.cancelled")
    assert "awa" not in str(event.details)
    assert event.actor_label == "public"


def test_a_confirmed_subscriber_changes_regions_and_language_from_the_manage_link() -> None:
    subscriber = subscriber_confirmed("awa@example.cm", regions=("CE",))
    services.subscriber_choices_update(
        subscriber=subscriber,
        choices=services.Choices(
            region_codes=["LT", "OU"], category_codes=["phishing"], language="en"
        ),
    )
    subscriber.refresh_from_db()
    assert sorted(subscriber.regions.values_list("code", flat=True)) == ["LT", "OU"]
    assert subscriber.language == "en"


def test_the_manage_token_belongs_to_one_subscriber() -> None:
    first = subscriber_confirmed("awa@example.cm")
    second = subscriber_confirmed("ngo@example.cm")
    assert services.subscriber_token_matches(first, services.subscriber_token(first))
    assert not services.subscriber_token_matches(second, services.subscriber_token(first))


@pytest.mark.parametrize("text", ["STOP", " stop ", "Arrêt", "ARRET", "s t o p", "arrêt."])
def test_stop_words_in_any_case_and_spacing(text: str) -> None:
    assert is_stop(text)


@pytest.mark.parametrize("text", ["", "stopper", "merci", "STOP SVP"])
def test_other_replies_are_not_stop(text: str) -> None:
    assert not is_stop(text)


@given(st.text(max_size=300))
def test_an_alert_sms_always_fits_one_gsm7_message(title: str) -> None:
    text = sms_fit(
        prefix="Alerte Vigilance :",
        title=title,
        suffix="https://vigilance.cm/fr/a/ALR-2026-000001/ Repondez STOP.",
    )
    assert len(text) <= SMS_LENGTH
    assert set(text) <= GSM7_CHARACTERS


def test_gsm7_keeps_french_letters_it_has_and_plains_the_others() -> None:
    assert gsm7("Arrêtez « ça » \u2013 été") == 'Arretez " ca " - été'


def test_the_demonstration_subscribers_are_added_once() -> None:
    from vigilance.alerts import demo_subscriptions

    demo_subscriptions.seed()
    demo_subscriptions.seed()
    assert Subscriber.objects.receiving().count() == len(demo_subscriptions.SUBSCRIBERS)
