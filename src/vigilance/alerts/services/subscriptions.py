"""Subscribing to public alerts, confirming, changing one's choices and unsubscribing.

Every subscription is confirmed by its address (a link by e-mail, a 6-digit code by SMS) before
anything is sent to it, and the answer to a subscription never says whether the address was
already known. The choices typed on the form wait in ``pending_choices`` until confirmed, so
typing a stranger's address changes nothing of theirs. These are public actions: the audit
trail records the channel and the subscriber's random id, never the address.
"""

import datetime as dt
import enum
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from vigilance.alerts.models_subscriptions import Subscriber, SubscriptionChannel
from vigilance.alerts.subscription_rules import AddressInvalid, address_normalise, gsm7, is_stop
from vigilance.audit.services import audit_record
from vigilance.core.models import OffenceCategory, Region
from vigilance.core.ratelimit import RateLimited, check_limit
from vigilance.core.sms import send_sms

MAX_CODE_ATTEMPTS = 5
# Confirmations sent to one address: enough to retry, too few to flood a stranger's phone.
CONFIRMATIONS_PER_ADDRESS = "3/h"
_LINK_SALT = "vigilance.alerts.subscription-link"
_CODE_SALT = "vigilance.alerts.subscription-code"
_MANAGE_SALT = "vigilance.alerts.subscription-manage"


class SubscriptionInvalid(ValueError):
    """The form's answers cannot make a subscription; ``fields`` says which and why."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in fields.values() for m in messages))
        self.fields = fields


class Refusal(enum.Enum):
    LINK_INVALID = "link_invalid"
    EXPIRED = "expired"
    WRONG_CODE = "wrong_code"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


class ConfirmationRefused(ValueError):
    def __init__(self, refusal: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = refusal.value
        self.message = message


@dataclass(frozen=True)
class Choices:
    region_codes: list[str]
    category_codes: list[str]
    language: str


def _confirmation_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.ALERT_SUBSCRIPTION_CONFIRM_HOURS)


def _link_hash(token: str) -> str:
    return salted_hmac(_LINK_SALT, token, algorithm="sha256").hexdigest()


def _code_hash(subscriber: Subscriber, code: str) -> str:
    typed = "".join(c for c in code if c.isdigit())[:12]
    return salted_hmac(
        _CODE_SALT, f"{subscriber.public_id}:{typed}", algorithm="sha256"
    ).hexdigest()


def subscriber_token(subscriber: Subscriber) -> str:
    """The secret of the subscriber's manage and unsubscribe links. Derived from the random
    public id with the platform's key, not stored: every alert e-mail must carry it."""
    return salted_hmac(_MANAGE_SALT, str(subscriber.public_id), algorithm="sha256").hexdigest()[:40]


def subscriber_token_matches(subscriber: Subscriber, token: str) -> bool:
    return constant_time_compare(subscriber_token(subscriber), token)


def _absolute(language: str, name: str, **kwargs: Any) -> str:
    with translation.override(language):
        return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def manage_url(subscriber: Subscriber) -> str:
    return _absolute(
        subscriber.language,
        "alerts_subscriptions:manage",
        subscriber_id=subscriber.public_id,
        token=subscriber_token(subscriber),
    )


def unsubscribe_url(subscriber: Subscriber) -> str:
    return _absolute(
        subscriber.language,
        "alerts_subscriptions:unsubscribe",
        subscriber_id=subscriber.public_id,
        token=subscriber_token(subscriber),
    )


def _choices_checked(region_codes: list[str], category_codes: list[str]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if set(region_codes) - set(
        Region.objects.filter(code__in=region_codes).values_list("code", flat=True)
    ):
        problems["regions"] = [_("Choose regions from the list.")]
    known = OffenceCategory.objects.filter(code__in=category_codes, is_active=True)
    if set(category_codes) - set(known.values_list("code", flat=True)):
        problems["categories"] = [_("Choose kinds of offence from the list.")]
    return problems


def _language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _deliver_link(subscriber_id: int, token: str) -> None:
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    language = subscriber.pending_choices.get("language", subscriber.language)
    url = _absolute(language, "alerts_subscriptions:confirm_link", token=token)
    hours = int(settings.ALERT_SUBSCRIPTION_CONFIRM_HOURS)
    with translation.override(language):
        subject = _("Confirm your subscription to Vigilance alerts")
        body = _(
            "Someone, probably you, asked to receive the scam alerts of Vigilance, the national "
            "platform against cybercrime, at this address.\n\nOpen this link and press the "
            "button on the page to confirm:\n%(url)s\n\nThe link works for %(hours)s hours. If "
            "you did not ask for it, ignore this message: nothing will be sent to you."
        ) % {"url": url, "hours": hours}
    send_mail(subject, body, None, [subscriber.address])


def _deliver_code(subscriber_id: int, code: str) -> None:
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    language = subscriber.pending_choices.get("language", subscriber.language)
    with translation.override(language):
        text = _(
            "Vigilance: %(code)s is your code to confirm your subscription to scam alerts. "
            "Never give it to anyone who calls you."
        ) % {"code": code}
    send_sms(to=subscriber.address, text=gsm7(text))


def _may_send_confirmation(subscriber: Subscriber) -> bool:
    key = hashlib.sha256(f"{subscriber.channel}:{subscriber.address}".encode()).hexdigest()
    try:
        check_limit(group="subscribe-address", key=key, rate=CONFIRMATIONS_PER_ADDRESS)
    except RateLimited:
        return False
    return True


@transaction.atomic
def subscriber_subscribe(
    *, channel: str, address: str, region_codes: list[str], category_codes: list[str], language: str
) -> Subscriber:
    """Record what the form asked for and send a confirmation to the address.

    The same answer whether the address was unknown, waiting, subscribed or unsubscribed: its
    choices change only when the address confirms them. Raises ``SubscriptionInvalid``.
    """
    problems: dict[str, list[str]] = {}
    if channel not in SubscriptionChannel.values:
        problems["channel"] = [_("Choose e-mail or SMS.")]
    else:
        try:
            address = address_normalise(channel, address)
        except AddressInvalid as error:
            problems["address"] = [str(error)]
    problems.update(_choices_checked(region_codes, category_codes))
    if problems:
        raise SubscriptionInvalid(problems)
    language = _language(language)
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
        channel=channel, address=address, defaults={"language": language}
    )
    subscriber.pending_choices = {
        "regions": sorted(set(region_codes)),
        "categories": sorted(set(category_codes)),
        "language": language,
    }
    fields = ["pending_choices"]
    if _may_send_confirmation(subscriber):
        now = timezone.now()
        subscriber.confirmation_sent_at = now
        subscriber.confirmation_attempts = 0
        fields += ["confirmation_sent_at", "confirmation_attempts", "confirmation_hash"]
        if channel == SubscriptionChannel.EMAIL:
            token = secrets.token_urlsafe(24)
            subscriber.confirmation_hash = _link_hash(token)
            transaction.on_commit(lambda: _deliver_link(subscriber.pk, token))
        else:
            code = f"{secrets.randbelow(10**6):06d}"
            subscriber.confirmation_hash = _code_hash(subscriber, code)
            transaction.on_commit(lambda: _deliver_code(subscriber.pk, code))
    subscriber.save(update_fields=fields)
    return subscriber


def _expired(subscriber: Subscriber) -> bool:
    sent_at = subscriber.confirmation_sent_at
    return sent_at is None or timezone.now() > sent_at + _confirmation_lifetime()


def _confirm(subscriber: Subscriber) -> Subscriber:
    pending = subscriber.pending_choices or {}
    now = timezone.now()
    subscriber.language = _language(pending.get("language", subscriber.language))
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.confirmation_hash = ""
    subscriber.confirmation_attempts = 0
    subscriber.pending_choices = {}
    subscriber.save(
        update_fields=[
            "language", "confirmed_at", "unsubscribed_at", "confirmation_hash",
            "confirmation_attempts", "pending_choices",
        ]
    )  # fmt: skip
    subscriber.regions.set(Region.objects.filter(code__in=pending.get("regions", [])))
    subscriber.categories.set(
        OffenceCategory.objects.filter(code__in=pending.get("categories", []))
    )
    audit_record(
        actor=None,
        actor_label="public",
        action="subscription.confirmed",
        object_type="subscriber",
        object_id=subscriber.public_id,
        details={"channel": subscriber.channel},
    )
    return subscriber


def _expired_refusal() -> ConfirmationRefused:
    return ConfirmationRefused(
        Refusal.EXPIRED,
        _("This confirmation has expired. Subscribe again: we will send you a new one."),
    )


def _link_invalid() -> ConfirmationRefused:
    return ConfirmationRefused(
        Refusal.LINK_INVALID,
        _(
            "This link does not work: it was already used, or replaced by a newer one. "
            "Subscribe again to get a new link."
        ),
    )


def subscriber_confirmation_refusal(*, token: str) -> ConfirmationRefused | None:
    """Why a confirmation link would be refused, or None when pressing its button will work."""
    subscriber = Subscriber.objects.filter(
        channel=SubscriptionChannel.EMAIL, confirmation_hash=_link_hash(token[:100])
    ).first()
    if subscriber is None or not token:
        return _link_invalid()
    return _expired_refusal() if _expired(subscriber) else None


@transaction.atomic
def subscriber_confirm_link(*, token: str) -> Subscriber:
    """Confirm the e-mail subscription the link was sent for; a link works once."""
    subscriber = (
        Subscriber.objects.select_for_update()
        .filter(channel=SubscriptionChannel.EMAIL, confirmation_hash=_link_hash(token[:100]))
        .first()
    )
    if subscriber is None or not token:
        raise _link_invalid()
    if _expired(subscriber):
        raise _expired_refusal()
    return _confirm(subscriber)


def subscriber_confirm_code(*, subscriber_id: str, code: str) -> Subscriber:
    """Confirm the SMS subscription with the code sent to the number; five tries per code."""
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .filter(public_id=subscriber_id, channel=SubscriptionChannel.SMS)
            .exclude(confirmation_hash="")
            .first()
        )
        if subscriber is None or _expired(subscriber):
            raise _expired_refusal()
        if subscriber.confirmation_attempts >= MAX_CODE_ATTEMPTS:
            raise ConfirmationRefused(
                Refusal.TOO_MANY_ATTEMPTS,
                _("Too many wrong codes. Subscribe again: we will send you a new code."),
            )
        if constant_time_compare(subscriber.confirmation_hash, _code_hash(subscriber, code)):
            return _confirm(subscriber)
        # A wrong code is counted (and kept: the refusal is raised after the commit).
        subscriber.confirmation_attempts += 1
        subscriber.save(update_fields=["confirmation_attempts"])
    raise ConfirmationRefused(
        Refusal.WRONG_CODE, _("This code is not the one we sent. Check it and type it again.")
    )


@transaction.atomic
def subscriber_choices_update(*, subscriber: Subscriber, choices: Choices) -> Subscriber:
    """Change the regions, kinds of offence and language of a confirmed subscriber (from the
    manage link, which proves the address)."""
    problems = _choices_checked(choices.region_codes, choices.category_codes)
    if problems:
        raise SubscriptionInvalid(problems)
    subscriber.language = _language(choices.language)
    subscriber.save(update_fields=["language"])
    subscriber.regions.set(Region.objects.filter(code__in=choices.region_codes))
    subscriber.categories.set(OffenceCategory.objects.filter(code__in=choices.category_codes))
    audit_record(
        actor=None,
        actor_label="public",
        action="subscription.changed",
        object_type="subscriber",
        object_id=subscriber.public_id,
        details={
            "channel": subscriber.channel,
            "regions": len(choices.region_codes),
            "categories": len(choices.category_codes),
        },
    )
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, via: str) -> bool:
    """Stop every alert to the subscriber; False when they had already stopped. ``via`` is
    ``page``, ``one_click`` (RFC 8058) or ``sms_stop``."""
    updated = Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now(), confirmation_hash="", pending_choices={}
    )
    if not updated:
        return False
    audit_record(
        actor=None,
        actor_label="public",
        action="subscription.cancelled",
        object_type="subscriber",
        object_id=subscriber.public_id,
        details={"channel": subscriber.channel, "via": via},
    )
    return True


def _deliver_stop_confirmation(subscriber_id: int) -> None:
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    with translation.override(subscriber.language):
        text = _(
            "Vigilance: you will receive no more alerts. To subscribe again, visit %(url)s"
        ) % {"url": _absolute(subscriber.language, "alerts_subscriptions:subscribe")}
    send_sms(to=subscriber.address, text=gsm7(text))


@transaction.atomic
def subscriber_stop_by_sms(*, sender: str, text: str) -> bool:
    """A reply from the SMS gateway: "STOP" (or "ARRÊT") unsubscribes the number and answers
    with a confirmation SMS. Other texts and unknown numbers change nothing (False)."""
    if not is_stop(text):
        return False
    try:
        number = address_normalise(SubscriptionChannel.SMS, sender)
    except AddressInvalid:
        return False
    subscriber = Subscriber.objects.filter(channel=SubscriptionChannel.SMS, address=number).first()
    if subscriber is None or not subscriber_unsubscribe(subscriber=subscriber, via="sms_stop"):
        return False
    transaction.on_commit(lambda: _deliver_stop_confirmation(subscriber.pk))
    return True
