"""Reads of subscriptions and deliveries: who an alert goes to, a subscriber behind a link, and
how far an alert's sending got."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from vigilance.alerts.models import Alert, AlertStatus, Audience
from vigilance.alerts.models_subscriptions import AlertDelivery, DeliveryState, Subscriber
from vigilance.alerts.services.subscriptions import subscriber_token_matches


def subscribers_for_alert(alert: Alert) -> QuerySet[Subscriber]:
    """The confirmed subscribers an alert goes to: an alert without regions (the whole country)
    or without category reaches everyone on that side; a subscriber who chose no region (or no
    category) receives them all."""
    subscribers = Subscriber.objects.receiving()
    region_codes = list(alert.regions.values_list("code", flat=True))
    if region_codes:
        chosen = Subscriber.regions.through.objects.filter(subscriber=OuterRef("pk"))
        subscribers = subscribers.filter(
            ~Exists(chosen) | Exists(chosen.filter(region_id__in=region_codes))
        )
    if alert.category_id:
        kinds = Subscriber.categories.through.objects.filter(subscriber=OuterRef("pk"))
        subscribers = subscribers.filter(
            ~Exists(kinds) | Exists(kinds.filter(offencecategory_id=alert.category_id))
        )
    return subscribers


def alert_is_sendable(alert: Alert) -> bool:
    return alert.status == AlertStatus.PUBLISHED and alert.audience == Audience.PUBLIC


def alert_delivery_counts(alert: Alert) -> dict[str, int]:
    """How many deliveries of the alert wait (queued or being sent), were sent, or failed."""
    rows = AlertDelivery.objects.filter(alert=alert).aggregate(
        waiting=Count(
            "pk",
            filter=Q(
                state__in=[DeliveryState.QUEUED, DeliveryState.CLAIMED, DeliveryState.SENDING]
            ),
        ),
        sent=Count("pk", filter=Q(state=DeliveryState.SENT)),
        failed=Count("pk", filter=Q(state=DeliveryState.FAILED)),
    )
    counts = {
        "queued": rows["waiting"] or 0,
        "sent": rows["sent"] or 0,
        "failed": rows["failed"] or 0,
    }
    counts["total"] = sum(counts.values())
    return counts


def subscriber_get_by_token(*, subscriber_id: str, token: str) -> Subscriber | None:
    """The subscriber a manage or unsubscribe link names, or None whether it is unknown or the
    token is wrong (one answer for both)."""
    subscriber = Subscriber.objects.filter(public_id=subscriber_id).first()
    if subscriber is None or not subscriber_token_matches(subscriber, token):
        return None
    return subscriber
