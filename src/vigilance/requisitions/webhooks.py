"""Signed webhooks: how a partner's system hears that a requisition or a freeze was sent to it.

Each event is a small JSON object, with no personal data (the partner fetches the requisition
with its API key). It is signed with the organisation's webhook secret:

    X-Vigilance-Timestamp: <unix seconds>
    X-Vigilance-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

``verify_signature`` is what a partner's receiver does; it depends on the standard library only,
so it can be copied as is (docs/partners.md).
"""

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from vigilance.accounts.models import Organisation, User
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction
from vigilance.evidence import crypto
from vigilance.requisitions.models import (
    ADDRESSEE_KINDS,
    FreezeRequest,
    PartnerWebhook,
    Requisition,
)

EVENT_SENT = "requisition.sent"
EVENT_FREEZE_SENT = "freeze.sent"
EVENT_REMINDER = "requisition.reminder"
TIMESTAMP_HEADER = "X-Vigilance-Timestamp"
SIGNATURE_HEADER = "X-Vigilance-Signature"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The value of the signature header for this body sent at this time."""
    message = timestamp.encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(
    secret: str, timestamp: str, body: bytes, signature: str, tolerance: int = 300
) -> bool:
    """True when ``signature`` is the webhook secret's HMAC-SHA256 of "<timestamp>.<body>" and
    the timestamp is within ``tolerance`` seconds of now. ``body`` is the raw bytes received.

    A receiver also refuses a (timestamp, signature) pair it has already seen: a replay."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(time.time() - sent_at) > tolerance:
        return False
    message = timestamp.encode("ascii") + b"." + body
    expected = "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


def sent_event(requisition: Requisition) -> dict[str, Any]:
    """What the partner is told of a sent requisition: enough to fetch it, nothing personal."""
    return {
        "event": EVENT_SENT,
        "reference": requisition.reference,
        "deadline": requisition.deadline.isoformat() if requisition.deadline else None,
        "kind": requisition.kind,
        "urgency": requisition.urgency,
    }


def freeze_sent_event(freeze: FreezeRequest) -> dict[str, Any]:
    """What the issuer is told of a freeze: the account to hold, how much, until when."""
    return {
        "event": EVENT_FREEZE_SENT,
        "reference": freeze.reference,
        "account_type": freeze.account_type,
        "account": freeze.account,
        "amount": freeze.amount_asked,
        "currency": "XAF",
        "deadline": freeze.deadline.isoformat() if freeze.deadline else None,
    }


def event_body(event: dict[str, Any]) -> bytes:
    return json.dumps(event, separators=(",", ":"), sort_keys=True).encode("utf-8")


def webhook_secret(webhook: PartnerWebhook) -> str:
    return crypto.decrypt(bytes(webhook.secret_encrypted)).decode("utf-8")


@dataclass(frozen=True)
class WebhookSet:
    """A webhook just set, with its secret in clear: shown once, to give to the partner."""

    webhook: PartnerWebhook
    secret: str


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidAction(
            _("Give the address of the partner's receiver, starting with https://.")
        )
    return url


def _audit(actor: User | None, action: str, webhook: PartnerWebhook, label: str) -> None:
    audit_record(
        actor=actor,
        actor_label="" if actor is not None else label,
        action=action,
        object_type="partner_webhook",
        object_id=webhook.organisation.code,
        details={"organisation": webhook.organisation.code, "url": webhook.url},
    )


@transaction.atomic
def webhook_set(
    *, organisation: Organisation, url: str, actor: User | None = None, actor_label: str = ""
) -> WebhookSet:
    """Point the organisation's webhook at ``url`` with a new secret (the old one stops)."""
    if organisation.kind not in ADDRESSEE_KINDS:
        raise InvalidAction(_("Webhooks are for partners: operators, providers and banks."))
    url = _check_url(url)
    secret = secrets.token_urlsafe(32)
    webhook, _created = PartnerWebhook.objects.update_or_create(
        organisation=organisation,
        defaults={
            "url": url,
            "secret_encrypted": crypto.encrypt(secret.encode()),
            "is_active": True,
        },
    )
    _audit(actor, "partner_webhook.set", webhook, actor_label)
    return WebhookSet(webhook=webhook, secret=secret)


@transaction.atomic
def webhook_disable(
    *, organisation: Organisation, actor: User | None = None, actor_label: str = ""
) -> PartnerWebhook:
    webhook = PartnerWebhook.objects.filter(organisation=organisation).first()
    if webhook is None or not webhook.is_active:
        raise InvalidAction(_("This organisation has no active webhook."))
    webhook.is_active = False
    webhook.save(update_fields=["is_active", "updated_at"])
    _audit(actor, "partner_webhook.disabled", webhook, actor_label)
    return webhook


def webhook_secrets_reencrypt(actor_label: str) -> int:
    """Re-encrypt under the current evidence key every webhook secret still under an older one
    (``rotate_evidence_keys`` calls this); returns how many changed. Each commits on its own, so
    an interrupted run keeps what it did and the next one resumes."""
    changed = 0
    for webhook_id in PartnerWebhook.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            webhook = (
                PartnerWebhook.objects.select_for_update()
                .select_related("organisation")
                .get(pk=webhook_id)
            )
            token = bytes(webhook.secret_encrypted)
            if crypto.is_under_current_key(token):
                continue
            webhook.secret_encrypted = crypto.reencrypt(token)
            webhook.save(update_fields=["secret_encrypted", "updated_at"])
            _audit(None, "partner_webhook.secret_reencrypted", webhook, actor_label)
            changed += 1
    return changed
