"""Webhook secrets live under the evidence keys: readable under a retired key until the rotation
run, then re-encrypted under the new one by ``rotate_evidence_keys`` itself."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from tests.requisitions.test_webhooks import Receiver, receiver, set_webhook  # noqa: F401
from vigilance.audit.models import AuditEvent
from vigilance.evidence import crypto
from vigilance.requisitions import tasks, webhooks
from vigilance.requisitions.models import PartnerWebhook, Requisition

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_key(settings: Any) -> Iterator[str]:
    key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [key]
    crypto._keys.cache_clear()
    yield key
    crypto._keys.cache_clear()


def rotate() -> str:
    out = StringIO()
    call_command("rotate_evidence_keys", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rotation_reencrypts_webhook_secrets_and_deliveries_still_verify(
    receiver: tuple[Receiver, str],  # noqa: F811
    old_key: str,
    settings: Any,
    sent: Requisition,
) -> None:
    state, url = receiver
    state.secret = set_webhook(url)
    hook = PartnerWebhook.objects.get(organisation__code="mtn")
    new_key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [new_key, old_key]
    crypto._keys.cache_clear()
    # Under the retired key and not yet rotated: still read, still signs.
    assert webhooks.webhook_secret(hook) == state.secret

    first, second = rotate(), rotate()

    assert "re-encrypted 1 partner webhook secrets" in first
    assert "re-encrypted 0 partner webhook secrets" in second
    hook.refresh_from_db()
    token = bytes(hook.secret_encrypted)
    assert Fernet(new_key.encode()).decrypt(token).decode() == state.secret
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(token)
    assert list(
        AuditEvent.objects.filter(action="partner_webhook.secret_reencrypted").values_list(
            "object_id", "actor_label"
        )
    ) == [("mtn", "rotate_evidence_keys")]

    # The old key retired: the partner's receiver still verifies what is sent.
    settings.EVIDENCE_KEYS = [new_key]
    crypto._keys.cache_clear()
    assert tasks.deliver_sent_notice.apply(args=[sent.pk]).get() == "webhook"
    assert len(state.accepted) == 1
    assert state.refused == []


def test_a_secret_under_a_key_already_removed_cannot_be_read(
    receiver: tuple[Receiver, str],  # noqa: F811
    old_key: str,
    settings: Any,
) -> None:
    _state, url = receiver
    set_webhook(url)
    settings.EVIDENCE_KEYS = [Fernet.generate_key().decode()]
    crypto._keys.cache_clear()
    hook = PartnerWebhook.objects.get(organisation__code="mtn")
    with pytest.raises(InvalidToken):
        webhooks.webhook_secret(hook)
