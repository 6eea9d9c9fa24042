"""Demonstration subscribers to the alerts: confirmed, by e-mail and SMS, in several regions."""

from django.db import transaction
from django.utils import timezone

from vigilance.alerts.models_subscriptions import Subscriber, SubscriptionChannel
from vigilance.core.models import OffenceCategory, Region

# (channel, address, language, regions, categories): none chosen means all.
SUBSCRIBERS = (
    (SubscriptionChannel.EMAIL, "awa.mbarga@example.cm", "fr", ("LT",), ()),
    (SubscriptionChannel.EMAIL, "john.tabi@example.cm", "en", ("NW", "SW"), ()),
    (
        SubscriptionChannel.EMAIL,
        "boutique.ndongo@example.cm",
        "fr",
        ("CE",),
        ("mobile_money_fraud",),
    ),
    (SubscriptionChannel.SMS, "+237677001122", "fr", (), ()),
    (
        SubscriptionChannel.SMS,
        "+237699334455",
        "fr",
        ("OU", "LT"),
        ("phishing", "mobile_money_fraud"),
    ),
    (SubscriptionChannel.SMS, "+237655667788", "en", ("SW",), ()),
)


@transaction.atomic
def seed() -> str:
    added = 0
    for channel, address, language, regions, categories in SUBSCRIBERS:
        subscriber, created = Subscriber.objects.get_or_create(
            channel=channel,
            address=address,
            defaults={"language": language, "confirmed_at": timezone.now()},
        )
        if created:
            subscriber.regions.set(Region.objects.filter(code__in=regions))
            subscriber.categories.set(OffenceCategory.objects.filter(code__in=categories))
            added += 1
    return f"Alert subscribers: {added} added ({len(SUBSCRIBERS) - added} already there)."
