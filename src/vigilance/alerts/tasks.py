"""Background work of the alerts: sending a published public alert to its subscribers, and
looking for scam waves (CELERY_BEAT_SCHEDULE entries call these thin entry points).

``alert_send`` lists the deliveries once and schedules one batch task per
ALERT_DELIVERY_BATCH_SIZE messages, spaced by countdown so that the batches together keep to the
gateway's rate (each batch also paces itself). ``alert_deliveries_resume`` runs every minute and
finds again whatever a lost job or a killed worker left: nothing depends on a single message.
"""

import datetime as dt
import math

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from vigilance.alerts.models import Alert, AlertStatus, Audience
from vigilance.alerts.models_subscriptions import (
    AlertDelivery,
    AlertDispatch,
    DeliveryState,
    SubscriptionChannel,
)
from vigilance.alerts.services import deliveries
from vigilance.alerts.services import waves as wave_services


def _stall_seconds() -> float:
    return float(settings.ALERT_DELIVERY_STALL_SECONDS)


def _schedule_batches(alert_id: int) -> int:
    """Schedule the batches of every queued delivery of the alert; how many were scheduled."""
    size = settings.ALERT_DELIVERY_BATCH_SIZE
    longest = 0.0
    scheduled = 0
    for channel in SubscriptionChannel.values:
        waiting = AlertDelivery.objects.filter(
            alert_id=alert_id, channel=channel, state=DeliveryState.QUEUED
        ).count()
        seconds_per_batch = size / deliveries.per_second(channel)
        batches = math.ceil(waiting / size)
        for position in range(batches):
            alert_send_batch.apply_async(
                (alert_id, channel), countdown=round(position * seconds_per_batch, 3)
            )
        scheduled += batches
        longest = max(longest, batches * seconds_per_batch)
    AlertDispatch.objects.filter(alert_id=alert_id).update(
        scheduled_until=timezone.now() + dt.timedelta(seconds=longest + _stall_seconds())
    )
    return scheduled


@shared_task(acks_late=True)
def alert_send(alert_id: int) -> int:
    """Fan a published public alert out to its subscribers and schedule the sending; calling it
    again (a retry, the sweep, a second publication) adds no delivery twice."""
    deliveries.alert_fan_out(alert_id=alert_id)
    if not AlertDispatch.objects.filter(alert_id=alert_id, fanned_out_at__isnull=False).exists():
        return 0
    scheduled = _schedule_batches(alert_id)
    deliveries.alert_dispatch_finish_if_done(alert_id=alert_id)
    return scheduled


@shared_task(acks_late=True)
def alert_send_batch(alert_id: int, channel: str) -> int:
    """Claim one batch of the alert's queued deliveries on a channel and send it; how many sent."""
    claim = deliveries.deliveries_claim(
        alert_id=alert_id, channel=channel, limit=settings.ALERT_DELIVERY_BATCH_SIZE
    )
    if claim is None:
        deliveries.alert_dispatch_finish_if_done(alert_id=alert_id)
        return 0
    result = deliveries.deliveries_send(claim=claim, rate=deliveries.per_second(channel))
    deliveries.alert_dispatch_finish_if_done(alert_id=alert_id)
    return result.sent


@shared_task
def alert_deliveries_resume() -> int:
    """Every minute: take back stale claims, fan out recent public alerts not yet fanned out, and
    schedule again the batches of an unfinished sending whose schedule has passed."""
    deliveries.deliveries_release_stale()
    now = timezone.now()
    recent = now - dt.timedelta(hours=settings.ALERT_SEND_MAX_AGE_HOURS)
    to_fan_out = Alert.objects.filter(
        status=AlertStatus.PUBLISHED, audience=Audience.PUBLIC, published_at__gte=recent
    ).filter(Q(dispatch__isnull=True) | Q(dispatch__fanned_out_at__isnull=True))
    resumed = 0
    for alert_id in to_fan_out.values_list("pk", flat=True):
        alert_send.delay(alert_id)
        resumed += 1
    # Past its schedule, or no batch claimed anything for a while: a worker was lost with the
    # batches it had been handed ahead of their time.
    quiet_since = now - dt.timedelta(seconds=_stall_seconds())
    stalled = AlertDispatch.objects.filter(
        fanned_out_at__isnull=False, finished_at__isnull=True
    ).filter(
        Q(scheduled_until__isnull=True)
        | Q(scheduled_until__lt=now)
        | Q(progressed_at__lt=quiet_since)
        | Q(progressed_at__isnull=True, fanned_out_at__lt=quiet_since)
    )
    for alert_id in stalled.values_list("alert_id", flat=True):
        if not deliveries.alert_dispatch_finish_if_done(alert_id=alert_id):
            _schedule_batches(alert_id)
            resumed += 1
    return resumed


@shared_task(acks_late=True)
def waves_detect() -> int:
    """Look for scam waves; each new one becomes a finding and a draft alert for the editors."""
    return len(wave_services.waves_detect())
