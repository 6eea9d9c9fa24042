"""Subscriptions to public alerts by e-mail or SMS, and the one delivery of an alert to each
subscriber (the database refuses a second)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigilance.core.models import OffenceCategory, Region


class SubscriptionChannel(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    SMS = "sms", _("By text message (SMS)")


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def receiving(self) -> "SubscriberQuerySet":
        """Subscribers who confirmed their address and have not unsubscribed since."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscriber(models.Model):
    """One address (an E.164 number or a lower-cased e-mail) that asked for alerts.

    ``pending_choices`` holds what the last subscription form asked for (regions, categories,
    language) until the address confirms it: nobody changes a stranger's choices by typing their
    address. ``confirmation_hash`` is a keyed hash of the link's token or of the SMS code.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=5, choices=SubscriptionChannel.choices)
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=2, default="fr")
    regions = models.ManyToManyField(
        Region, blank=True, related_name="+", help_text="None means every region."
    )
    categories = models.ManyToManyField(
        OffenceCategory, blank=True, related_name="+", help_text="None means every category."
    )
    pending_choices = models.JSONField(default=dict, blank=True)
    confirmation_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscriber")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="subscriber_address_once")
        ]
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"])]

    def __str__(self) -> str:
        return f"{self.channel}:{self.public_id}"

    @property
    def is_receiving(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    CLAIMED = "claimed", _("Taken by a sender")
    SENDING = "sending", _("Handed to the gateway")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")


class AlertDispatch(models.Model):
    """The sending of one alert: when its subscribers were listed (the fan-out) and until when
        its batches are scheduled and when a batch last claimed rows, so that the periodic sweep can
    tell a lost job (a killed worker takes its scheduled batches with it) from a running one."""

    alert = models.OneToOneField("alerts.Alert", on_delete=models.CASCADE, related_name="dispatch")
    started_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    scheduled_until = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class AlertDelivery(models.Model):
    """One alert to one subscriber: queued, claimed by a batch, handed to the gateway, then sent
    or failed. ``claim`` names the batch that holds the row."""

    alert = models.ForeignKey("alerts.Alert", on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=5, choices=SubscriptionChannel.choices)
    state = models.CharField(
        max_length=8, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscriber"], name="alert_delivery_once")
        ]
        indexes = [
            models.Index(fields=["alert", "channel", "state"]),
            models.Index(fields=["state", "claimed_at"]),
            models.Index(fields=["claim"]),
        ]
