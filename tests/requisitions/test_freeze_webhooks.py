"""A freeze sent to an issuer with a webhook: its receiver gets a signed ``freeze.sent`` event
with the reference, the account, the amount and the deadline, nothing of the victim."""

import json
from typing import Any

import pytest
from django.core import mail

from tests.requisitions.conftest import fraud_report
from tests.requisitions.test_freeze_proposals import route
from tests.requisitions.test_webhooks import Receiver, receiver, set_webhook
from vigilance.accounts.models import User
from vigilance.requisitions.webhooks import verify_signature

pytestmark = pytest.mark.django_db

__all__ = ["receiver"]  # the receiver fixture, shared with the requisitions' webhook tests


def test_the_issuer_receives_a_signed_freeze_sent_event(
    receiver: tuple[Receiver, str],
    triage_officer: User,
    momo_responder: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    state, url = receiver
    state.secret = set_webhook(url, organisation="mtn_momo")
    freeze = route(fraud_report(amount=45_000), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None

    assert len(state.accepted) == 1
    received = state.accepted[0]
    assert json.loads(received["body"]) == {
        "event": "freeze.sent",
        "reference": freeze.reference,
        "account_type": "momo_account",
        "account": "+237677889900",
        "amount": 45_000,
        "currency": "XAF",
        "deadline": freeze.deadline.isoformat(),
    }
    body = received["body"].decode()
    assert "JEAN" not in body
    assert "7364519283" not in body
    assert "John" not in body
    headers = received["headers"]
    assert verify_signature(
        state.secret,
        headers["X-Vigilance-Timestamp"],
        received["body"],
        headers["X-Vigilance-Signature"],
    )
    assert not verify_signature(
        "not the secret",
        headers["X-Vigilance-Timestamp"],
        received["body"],
        headers["X-Vigilance-Signature"],
    )
    # The webhook answered: no e-mail.
    assert mail.outbox == []


def test_a_failing_receiver_falls_back_to_an_email(
    receiver: tuple[Receiver, str],
    triage_officer: User,
    momo_responder: User,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    state, url = receiver
    set_webhook(url, organisation="mtn_momo")
    state.status = 503
    freeze = route(fraud_report(), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    assert state.attempts >= 1
    assert [message.to for message in mail.outbox] == [[momo_responder.email]]
    assert freeze.reference in mail.outbox[0].subject
