"""Sending an alert to its subscribers: who receives it, exactly once, whatever is run twice or
stops half-way, within one SMS, with a one-click unsubscribe."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.alerts.subscription_data import (
    alert_published,
    committed,
    sms_sent,
    subscriber_confirmed,
)
from vigilance.alerts import tasks
from vigilance.alerts.models import AlertStatus, Audience
from vigilance.alerts.models_subscriptions import AlertDelivery, AlertDispatch, DeliveryState
from vigilance.alerts.selectors.subscriptions import alert_delivery_counts
from vigilance.alerts.services import deliveries
from vigilance.alerts.subscription_rules import GSM7_CHARACTERS, SMS_LENGTH
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_gateways(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALERT_EMAILS_PER_SECOND = 1000
    settings.ALERT_SMS_PER_SECOND = 1000


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_an_alert_sent_twice_reaches_each_subscriber_once() -> None:
    subscriber_confirmed("awa@example.cm")
    subscriber_confirmed("+237677123456", channel="sms")
    alert = alert_published()
    tasks.alert_send(alert.pk)
    tasks.alert_send(alert.pk)
    tasks.alert_deliveries_resume()
    assert _recipients() == ["awa@example.cm"]
    assert [message["to"] for message in sms_sent()] == ["+237677123456"]
    assert alert_delivery_counts(alert) == {"queued": 0, "sent": 2, "failed": 0, "total": 2}
    assert AlertDispatch.objects.get(alert=alert).finished_at is not None


def test_regions_and_categories_choose_who_receives_a_regional_alert() -> None:
    subscriber_confirmed("everywhere@example.cm")
    subscriber_confirmed("littoral@example.cm", regions=("LT",))
    subscriber_confirmed("centre@example.cm", regions=("CE",))
    subscriber_confirmed("phishing@example.cm", categories=("phishing",))
    subscriber_confirmed(
        "momo-lt@example.cm", regions=("LT", "OU"), categories=("mobile_money_fraud",)
    )
    tasks.alert_send(alert_published(regions=("LT",), category="mobile_money_fraud").pk)
    assert _recipients() == ["everywhere@example.cm", "littoral@example.cm", "momo-lt@example.cm"]


def test_an_alert_for_the_whole_country_reaches_every_region() -> None:
    subscriber_confirmed("littoral@example.cm", regions=("LT",))
    subscriber_confirmed("centre@example.cm", regions=("CE",))
    tasks.alert_send(alert_published(regions=()).pk)
    assert _recipients() == ["centre@example.cm", "littoral@example.cm"]


def test_unconfirmed_and_unsubscribed_addresses_receive_nothing() -> None:
    pending = subscriber_confirmed("pending@example.cm")
    pending.confirmed_at = None
    pending.save()
    gone = subscriber_confirmed("gone@example.cm")
    gone.unsubscribed_at = timezone.now()
    gone.save()
    tasks.alert_send(alert_published().pk)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("audience", "status"),
    [(Audience.PARTNERS, AlertStatus.PUBLISHED), (Audience.PUBLIC, AlertStatus.IN_REVIEW)],
)
def test_partner_alerts_and_unpublished_alerts_are_never_sent(audience: str, status: str) -> None:
    subscriber_confirmed("awa@example.cm")
    alert = alert_published(audience=audience, status=status)
    tasks.alert_send(alert.pk)
    tasks.alert_deliveries_resume()
    assert mail.outbox == []
    assert not AlertDelivery.objects.exists()


def test_a_batch_run_twice_after_a_crash_sends_nothing_twice() -> None:
    for number in range(5):
        subscriber_confirmed(f"person{number}@example.cm")
    alert = alert_published()
    deliveries.alert_fan_out(alert_id=alert.pk)
    claim = deliveries.deliveries_claim(alert_id=alert.pk, channel="email", limit=3)
    assert claim is not None
    # The worker "dies" after sending the claimed batch; the same batch task is delivered again.
    deliveries.deliveries_send(claim=claim, rate=1000)
    deliveries.deliveries_send(claim=claim, rate=1000)
    tasks.alert_send_batch(alert.pk, "email")
    tasks.alert_send_batch(alert.pk, "email")
    assert len(mail.outbox) == 5
    assert len(set(_recipients())) == 5


def test_a_worker_lost_after_claiming_leaves_rows_the_sweep_queues_again(settings) -> None:  # type: ignore[no-untyped-def]
    for number in range(4):
        subscriber_confirmed(f"person{number}@example.cm")
    alert = alert_published()
    deliveries.alert_fan_out(alert_id=alert.pk)
    claim = deliveries.deliveries_claim(alert_id=alert.pk, channel="email", limit=4)
    in_flight = AlertDelivery.objects.filter(claim=claim).order_by("pk").first()
    assert in_flight is not None
    # Killed during the gateway call of one row: that one is in doubt, the others never started.
    AlertDelivery.objects.filter(pk=in_flight.pk).update(state=DeliveryState.SENDING)
    later = timezone.now() + dt.timedelta(seconds=settings.ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS + 1)
    assert deliveries.deliveries_release_stale(now=later) == (3, 1)
    AlertDispatch.objects.filter(alert=alert).update(scheduled_until=None)
    tasks.alert_deliveries_resume()
    assert len(mail.outbox) == 3
    assert in_flight.subscriber.address not in _recipients()
    assert alert_delivery_counts(alert) == {"queued": 0, "sent": 3, "failed": 1, "total": 4}


def test_a_gateway_error_is_retried_then_counted_as_failed(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    subscriber_confirmed("+237677123456", channel="sms")
    subscriber_confirmed("+237699000111", channel="sms")
    settings.SMS_BACKEND = "vigilance.core.sms.HttpSMSBackend"
    settings.SMS_GATEWAY_URL = ""  # a gateway that refuses every message
    alert = alert_published()
    tasks.alert_send(alert.pk)
    assert alert_delivery_counts(alert)["queued"] == 2
    settings.SMS_BACKEND = "vigilance.core.sms.FileSMSBackend"
    tasks.alert_send_batch(alert.pk, "sms")
    assert alert_delivery_counts(alert) == {"queued": 0, "sent": 2, "failed": 0, "total": 2}
    assert len(sms_sent()) == 2


def test_a_gateway_that_keeps_refusing_ends_in_failed(settings) -> None:  # type: ignore[no-untyped-def]
    subscriber_confirmed("+237677123456", channel="sms")
    settings.SMS_BACKEND = "vigilance.core.sms.HttpSMSBackend"
    settings.SMS_GATEWAY_URL = ""
    alert = alert_published()
    tasks.alert_send(alert.pk)
    for _ in range(deliveries.MAX_ATTEMPTS):
        tasks.alert_send_batch(alert.pk, "sms")
    assert alert_delivery_counts(alert) == {"queued": 0, "sent": 0, "failed": 1, "total": 1}


def test_the_email_carries_the_alert_in_the_subscribers_language_and_a_one_click_unsubscribe() -> (
    None
):
    subscriber_confirmed("awa@example.cm", language="en")
    alert = alert_published()
    tasks.alert_send(alert.pk)
    message = mail.outbox[0]
    assert "Fake MTN agents ask for your PIN" in message.subject
    assert f"/en/alerts/{alert.reference}/fake-mtn-agents/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_the_sms_fits_one_gsm7_message_with_a_short_link_and_stop() -> None:
    subscriber_confirmed("+237677123456", channel="sms", language="fr")
    alert = alert_published(title_fr="Arnaque « transfert d'argent » : ne répondez pas " * 3)
    tasks.alert_send(alert.pk)
    text = sms_sent()[0]["text"]
    assert len(text) <= SMS_LENGTH
    assert set(text) <= GSM7_CHARACTERS
    assert f"/fr/a/{alert.reference}/" in text
    assert "STOP" in text


def test_a_subscriber_who_stops_before_the_batch_is_not_sent_to() -> None:
    subscriber = subscriber_confirmed("awa@example.cm")
    alert = alert_published()
    deliveries.alert_fan_out(alert_id=alert.pk)
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save()
    tasks.alert_send_batch(alert.pk, "email")
    assert mail.outbox == []


def test_the_sweep_fans_out_a_published_alert_nobody_sent() -> None:
    subscriber_confirmed("awa@example.cm")
    alert = alert_published()
    with committed():
        tasks.alert_deliveries_resume()
    assert _recipients() == ["awa@example.cm"]
    event = AuditEvent.objects.get(action="alert.sending_started")
    assert event.details == {"emails": 1, "sms": 0}
    assert event.object_id == alert.reference


def test_the_sweep_leaves_old_alerts_alone(settings) -> None:  # type: ignore[no-untyped-def]
    subscriber_confirmed("awa@example.cm")
    alert = alert_published()
    alert.published_at = timezone.now() - dt.timedelta(hours=settings.ALERT_SEND_MAX_AGE_HOURS + 1)
    alert.save()
    tasks.alert_deliveries_resume()
    assert mail.outbox == []


def test_batches_are_spaced_to_keep_to_the_gateway_rate(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALERT_DELIVERY_BATCH_SIZE = 2
    settings.ALERT_SMS_PER_SECOND = 4
    for number in range(5):
        subscriber_confirmed(f"+23767712345{number}", channel="sms")
    alert = alert_published()
    deliveries.alert_fan_out(alert_id=alert.pk)
    countdowns: list[float] = []
    original = tasks.alert_send_batch.apply_async
    tasks.alert_send_batch.apply_async = lambda args, countdown: countdowns.append(countdown)  # type: ignore[method-assign,assignment,misc]
    try:
        assert tasks._schedule_batches(alert.pk) == 3
    finally:
        tasks.alert_send_batch.apply_async = original  # type: ignore[method-assign]
    assert countdowns == [0, 0.5, 1.0]


def test_a_sending_that_stopped_progressing_is_scheduled_again_before_its_planned_end(
    settings,
) -> None:  # type: ignore[no-untyped-def]
    for number in range(3):
        subscriber_confirmed(f"person{number}@example.cm")
    alert = alert_published()
    deliveries.alert_fan_out(alert_id=alert.pk)
    # The worker holding the scheduled batches was killed: nothing claimed for a while.
    long_ago = timezone.now() - dt.timedelta(seconds=settings.ALERT_DELIVERY_STALL_SECONDS + 1)
    AlertDispatch.objects.filter(alert=alert).update(
        scheduled_until=timezone.now() + dt.timedelta(hours=1), progressed_at=long_ago
    )
    tasks.alert_deliveries_resume()
    assert len(mail.outbox) == 3
