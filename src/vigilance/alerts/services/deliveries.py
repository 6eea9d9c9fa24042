"""Sending a published public alert to its subscribers: fan-out, claims, sending, sweeping.

The fan-out writes one ``AlertDelivery`` per subscriber (the database refuses a second, so a
fan-out run twice adds nothing). Batches claim queued rows atomically (``select_for_update
(skip_locked)`` on PostgreSQL; SQLite's single writer serialises the claims). Each small group
of rows is then marked ``sending`` in one commit before the gateway calls and ``sent`` after
them: a worker killed in between leaves that group in doubt, and it is never sent again (at most once; docs/decisions/0018-alert-delivery.md). Rows only claimed go back to the
queue after ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS.
"""

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigilance.alerts.models import Alert
from vigilance.alerts.models_subscriptions import (
    AlertDelivery,
    AlertDispatch,
    DeliveryState,
    Subscriber,
    SubscriptionChannel,
)
from vigilance.alerts.selectors.subscriptions import alert_is_sendable, subscribers_for_alert
from vigilance.alerts.services.subscriptions import manage_url, unsubscribe_url
from vigilance.alerts.subscription_rules import sms_fit
from vigilance.audit.services import audit_record
from vigilance.core.sms import send_sms

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FAN_OUT_CHUNK = 5000
WAITING = (DeliveryState.QUEUED, DeliveryState.CLAIMED, DeliveryState.SENDING)


def per_second(channel: str) -> float:
    if channel == SubscriptionChannel.SMS:
        return float(settings.ALERT_SMS_PER_SECOND)
    return float(settings.ALERT_EMAILS_PER_SECOND)


def alert_url(alert: Alert, language: str) -> str:
    """The alert's public page: /<lang>/alerts/<reference>/<slug>/."""
    slug = alert.slug_en if language == "en" else alert.slug_fr
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/{language}/alerts/{alert.reference}/{slug}/"


def alert_short_url(alert: Alert, language: str) -> str:
    """A short address for an SMS, which redirects to the alert's page."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/{language}/a/{alert.reference}/"


def _text(alert: Alert, field: str, language: str) -> str:
    return str(getattr(alert, f"{field}_{'en' if language == 'en' else 'fr'}"))


@transaction.atomic
def alert_fan_out(*, alert_id: int) -> int:
    """List the alert's deliveries once; how many were added by this call (0 when done before,
    or when the alert is not a published public one)."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None or not alert_is_sendable(alert):
        return 0
    dispatch, _created = AlertDispatch.objects.get_or_create(alert=alert)
    dispatch = AlertDispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.fanned_out_at is not None:
        return 0
    before = AlertDelivery.objects.filter(alert=alert).count()
    chunk: list[AlertDelivery] = []
    by_channel = {SubscriptionChannel.EMAIL.value: 0, SubscriptionChannel.SMS.value: 0}
    for subscriber_id, channel in (
        subscribers_for_alert(alert).values_list("pk", "channel").iterator(chunk_size=FAN_OUT_CHUNK)
    ):
        by_channel[channel] += 1
        chunk.append(AlertDelivery(alert=alert, subscriber_id=subscriber_id, channel=channel))
        if len(chunk) >= FAN_OUT_CHUNK:
            AlertDelivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    AlertDelivery.objects.bulk_create(chunk, ignore_conflicts=True)
    dispatch.fanned_out_at = timezone.now()
    dispatch.save(update_fields=["fanned_out_at"])
    added = AlertDelivery.objects.filter(alert=alert).count() - before
    audit_record(
        actor=None,
        actor_label="job:alert_send",
        action="alert.sending_started",
        object_type="alert",
        object_id=alert.reference,
        details={"emails": by_channel["email"], "sms": by_channel["sms"]},
    )
    return added


def deliveries_claim(*, alert_id: int, channel: str, limit: int) -> uuid.UUID | None:
    """Take up to ``limit`` queued deliveries for one batch; the claim's id, or None if none."""
    claim = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            AlertDelivery.objects.select_for_update(skip_locked=True)
            .filter(alert_id=alert_id, channel=channel, state=DeliveryState.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return None
        now = timezone.now()
        AlertDelivery.objects.filter(pk__in=ids, state=DeliveryState.QUEUED).update(
            state=DeliveryState.CLAIMED, claim=claim, claimed_at=now
        )
    AlertDispatch.objects.filter(alert_id=alert_id).update(progressed_at=now)
    return claim


@dataclass
class BatchResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0


def _email_message(alert: Alert, subscriber: Subscriber) -> EmailMessage:
    language = subscriber.language
    with translation.override(language):
        subject = _("Vigilance alert: %(title)s") % {"title": _text(alert, "title", language)}
        body = _(
            "%(title)s\n\n%(summary)s\n\nRead the whole alert: %(url)s\n\n--\nYou receive this "
            "because you subscribed to the scam alerts of Vigilance. Change your choices or "
            "unsubscribe: %(manage)s"
        ) % {
            "title": _text(alert, "title", language),
            "summary": _text(alert, "summary", language),
            "url": alert_url(alert, language),
            "manage": manage_url(subscriber),
        }
    # RFC 8058: mail clients unsubscribe with one POST to this address, without a page.
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return EmailMessage(subject, body, None, [subscriber.address], headers=headers)


def alert_sms_text(alert: Alert, language: str) -> str:
    with translation.override(language):
        return sms_fit(
            prefix=_("Vigilance alert:"),
            title=_text(alert, "title", language),
            suffix=_("%(url)s Reply STOP to stop.") % {"url": alert_short_url(alert, language)},
        )


def _mark(delivery_id: int, *, from_state: str, **fields: object) -> int:
    return AlertDelivery.objects.filter(pk=delivery_id, state=from_state).update(**fields)


def deliveries_send(
    *, claim: uuid.UUID, rate: float, sleep: Callable[[float], None] = time.sleep
) -> BatchResult:
    """Send the claimed deliveries, no faster than ``rate`` per second.

    Rows go to the gateway in groups of ALERT_DELIVERY_GROUP_SIZE: each group is marked
    ``sending`` in one commit before its gateway calls and ``sent`` in one commit after them (two
    commits per group, not per message). A gateway error puts the row back in the queue until
    MAX_ATTEMPTS, then marks it failed.
    """
    deliveries = list(
        AlertDelivery.objects.filter(claim=claim, state=DeliveryState.CLAIMED)
        .select_related("alert", "subscriber")
        .order_by("pk")
    )
    result = BatchResult()
    if not deliveries:
        return result
    connection = None
    if deliveries[0].channel == SubscriptionChannel.EMAIL:
        connection = get_connection()
        connection.open()
    texts: dict[str, str] = {}
    pace = _Pace(rate=rate, sleep=sleep)
    size = max(int(settings.ALERT_DELIVERY_GROUP_SIZE), 1)
    try:
        for start in range(0, len(deliveries), size):
            group = _group_take(deliveries[start : start + size], claim, result)
            sent: list[int] = []
            for delivery in group:
                pace.wait()
                try:
                    if connection is not None:
                        message = _email_message(delivery.alert, delivery.subscriber)
                        message.connection = connection
                        message.send()
                    else:
                        language = delivery.subscriber.language
                        if language not in texts:
                            texts[language] = alert_sms_text(delivery.alert, language)
                        send_sms(to=delivery.subscriber.address, text=texts[language])
                except Exception as error:  # any gateway error: retried, then failed
                    logger.warning("alert delivery %s not sent: %s", delivery.pk, error)
                    _failed(delivery, str(error), result)
                    continue
                sent.append(delivery.pk)
            result.sent += AlertDelivery.objects.filter(
                pk__in=sent, state=DeliveryState.SENDING
            ).update(state=DeliveryState.SENT, sent_at=timezone.now())
    finally:
        if connection is not None:
            connection.close()
    return result


class _Pace:
    """Spaces calls ``1 / rate`` seconds apart from the first one."""

    def __init__(self, *, rate: float, sleep: Callable[[float], None]) -> None:
        self.rate, self.sleep = rate, sleep
        self.started = time.monotonic()
        self.calls = 0

    def wait(self) -> None:
        delay = self.started + self.calls / self.rate - time.monotonic()
        if delay > 0:
            self.sleep(delay)
        self.calls += 1


def _group_take(
    group: list[AlertDelivery], claim: uuid.UUID, result: BatchResult
) -> list[AlertDelivery]:
    """Mark the group ``sending`` in one commit; the rows to send (receiving subscribers whose
    row this claim still holds). Those who unsubscribed since the fan-out are marked failed."""
    ids = [delivery.pk for delivery in group]
    with transaction.atomic():
        # claimed_at now dates the hand-over: the sweep judges a "sending" row by it.
        AlertDelivery.objects.filter(pk__in=ids, claim=claim, state=DeliveryState.CLAIMED).update(
            state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
        )
        held = set(
            AlertDelivery.objects.filter(
                pk__in=ids, claim=claim, state=DeliveryState.SENDING
            ).values_list("pk", flat=True)
        )
        gone = [d.pk for d in group if d.pk in held and not d.subscriber.is_receiving]
        result.failed += AlertDelivery.objects.filter(pk__in=gone).update(
            state=DeliveryState.FAILED, error="Unsubscribed before the alert was sent."
        )
    return [d for d in group if d.pk in held and d.pk not in gone]


def _failed(delivery: AlertDelivery, error: str, result: BatchResult) -> None:
    if delivery.attempts + 1 >= MAX_ATTEMPTS:
        _mark(
            delivery.pk,
            from_state=DeliveryState.SENDING,
            state=DeliveryState.FAILED,
            error=error[:200],
        )
        result.failed += 1
    else:
        _mark(
            delivery.pk,
            from_state=DeliveryState.SENDING,
            state=DeliveryState.QUEUED,
            claim=None,
            error=error[:200],
        )
        result.retried += 1


def deliveries_release_stale(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Take back what lost workers held: claimed rows return to the queue; a row left
    ``sending`` may have reached the gateway, so it is marked failed, never sent twice.
    Returns (re-queued, given up)."""
    now = now or timezone.now()
    timeout = float(settings.ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS)
    requeued = 0
    for channel in SubscriptionChannel.values:
        # A live batch holds its rows for as long as its pacing takes: never take them sooner.
        batch_seconds = 3 * settings.ALERT_DELIVERY_BATCH_SIZE / per_second(channel)
        requeued += AlertDelivery.objects.filter(
            channel=channel,
            state=DeliveryState.CLAIMED,
            claimed_at__lt=now - dt.timedelta(seconds=max(timeout, batch_seconds)),
        ).update(state=DeliveryState.QUEUED, claim=None)
    before = now - dt.timedelta(seconds=timeout)
    given_up = AlertDelivery.objects.filter(
        state=DeliveryState.SENDING, claimed_at__lt=before
    ).update(
        state=DeliveryState.FAILED,
        error="The sender stopped during the gateway call: not sent again.",
    )
    return requeued, given_up


def alert_dispatch_finish_if_done(*, alert_id: int) -> bool:
    """Mark the sending finished once no delivery waits; True when it is (or was) finished."""
    dispatch = AlertDispatch.objects.filter(alert_id=alert_id).first()
    if dispatch is None or dispatch.fanned_out_at is None:
        return False
    if dispatch.finished_at is not None:
        return True
    if AlertDelivery.objects.filter(alert_id=alert_id, state__in=WAITING).exists():
        return False
    AlertDispatch.objects.filter(pk=dispatch.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    return True
