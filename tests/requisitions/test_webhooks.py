"""Signed webhooks: when a requisition is sent, the partner's receiver gets a small signed event
it can verify with ``verify_signature`` (and refuse when replayed or stale); with no webhook, or
when every attempt failed, the organisation's responders get an e-mail instead."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.requisitions.conftest import draft
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.requisitions import tasks, webhooks
from vigilance.requisitions.models import PartnerWebhook, Requisition
from vigilance.requisitions.services import workflow
from vigilance.requisitions.webhooks import verify_signature

pytestmark = pytest.mark.django_db


class Receiver:
    """A partner's receiver, as a partner would write it: verify, refuse replays, say 204."""

    def __init__(self, secret: str = "", status: int = 204) -> None:
        self.secret = secret
        self.status = status
        self.seen: set[tuple[str, str]] = set()
        self.accepted: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.attempts = 0

    def receive(self, headers: Any, body: bytes) -> int:
        self.attempts += 1
        if self.status >= 500:
            return self.status
        timestamp = headers.get("X-Vigilance-Timestamp", "")
        signature = headers.get("X-Vigilance-Signature", "")
        if (timestamp, signature) in self.seen:
            self.refused.append("replay")
            return 409
        if not verify_signature(self.secret, timestamp, body, signature):
            self.refused.append("signature")
            return 401
        self.seen.add((timestamp, signature))
        self.accepted.append({"headers": dict(headers), "body": body})
        return 204


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(state.receive(self.headers, body))
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_port}/vigilance"
    server.shutdown()
    server.server_close()


def set_webhook(url: str, organisation: str = "mtn") -> str:
    out = StringIO()
    call_command("partner_webhook", "set", organisation, url, stdout=out)
    return out.getvalue().rsplit(": ", 1)[1].strip()


def approve(
    case: Case, investigator: User, supervisor: User, capture: Any
) -> tuple[Requisition, list[Any]]:
    with capture(execute=False) as callbacks:
        requisition = workflow.requisition_approve(
            actor=supervisor, requisition=draft(case, investigator)
        )
    return requisition, callbacks


def test_the_receiver_gets_a_signed_event_and_refuses_its_replay(
    receiver: tuple[Receiver, str],
    case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    state, url = receiver
    state.secret = set_webhook(url)
    requisition, callbacks = approve(
        case, investigator_littoral, supervisor_police, django_capture_on_commit_callbacks
    )
    # Queued once the sending is committed (beside the signing of its letter).
    assert [callback.func for callback in callbacks].count(tasks.enqueue_sent_notice) == 1

    assert tasks.deliver_sent_notice.apply(args=[requisition.pk]).get() == "webhook"

    assert len(state.accepted) == 1
    received = state.accepted[0]
    event = json.loads(received["body"])
    assert event == {
        "event": "requisition.sent",
        "reference": requisition.reference,
        "deadline": requisition.deadline.isoformat(),
        "kind": "subscriber_identity",
        "urgency": "normal",
    }
    assert "+237677123456" not in received["body"].decode()
    assert received["headers"]["X-Vigilance-Signature"].startswith("sha256=")
    assert mail.outbox == []

    # The same request again is a replay; the receiver refuses it.
    timestamp = received["headers"]["X-Vigilance-Timestamp"]
    signature = received["headers"]["X-Vigilance-Signature"]
    assert state.receive(received["headers"], received["body"]) == 409
    assert verify_signature(state.secret, timestamp, received["body"], signature)
    assert not verify_signature("another secret", timestamp, received["body"], signature)
    assert not verify_signature(state.secret, timestamp, received["body"] + b" ", signature)


def test_a_stale_timestamp_or_a_wrong_secret_fails_verification() -> None:
    body = b'{"event":"requisition.sent"}'
    old = str(int(time.time()) - 301)
    assert not verify_signature("s3cret", old, body, webhooks.sign("s3cret", old, body))
    now = str(int(time.time()))
    assert verify_signature("s3cret", now, body, webhooks.sign("s3cret", now, body))
    assert not verify_signature("s3cret", now, body, webhooks.sign("other", now, body))
    assert not verify_signature("s3cret", "not a time", body, "sha256=00")
    assert not verify_signature("s3cret", now, body, "")


def test_a_receiver_with_the_wrong_secret_refuses(
    receiver: tuple[Receiver, str], sent: Requisition, mtn_responder: User
) -> None:
    state, url = receiver
    set_webhook(url)
    state.secret = "not the secret given"
    tasks.deliver_sent_notice.apply(args=[sent.pk])
    assert state.accepted == []
    assert state.refused[0] == "signature"
    # Refused every time, then the responders are told by e-mail.
    assert state.attempts == tasks.MAX_RETRIES + 1
    assert [message.to for message in mail.outbox] == [[mtn_responder.email]]


def test_a_receiver_down_is_retried_then_the_responders_get_an_e_mail(
    receiver: tuple[Receiver, str], sent: Requisition, mtn_responder: User
) -> None:
    state, url = receiver
    state.status = 503
    set_webhook(url)
    tasks.deliver_sent_notice.apply(args=[sent.pk])
    assert state.attempts == tasks.MAX_RETRIES + 1
    assert len(mail.outbox) == 1
    assert sent.reference in mail.outbox[0].subject
    assert "+237677123456" not in mail.outbox[0].body


def test_without_a_webhook_the_responders_get_an_e_mail(
    sent: Requisition, mtn_responder: User, orange_responder: User
) -> None:
    assert tasks.deliver_sent_notice.apply(args=[sent.pk]).get() == "email"
    assert [message.to for message in mail.outbox] == [[mtn_responder.email]]


def test_the_command_stores_the_secret_encrypted_audits_and_disables(
    receiver: tuple[Receiver, str],
) -> None:
    _state, url = receiver
    secret = set_webhook(url)
    hook = PartnerWebhook.objects.get(organisation__code="mtn")
    assert secret.encode() not in bytes(hook.secret_encrypted)
    assert webhooks.webhook_secret(hook) == secret
    assert set_webhook(url) != secret  # setting again gives a new secret

    out = StringIO()
    call_command("partner_webhook", "list", stdout=out)
    assert f"mtn\tactive\t{url}" in out.getvalue()
    call_command("partner_webhook", "disable", "mtn", stdout=StringIO())
    assert not PartnerWebhook.objects.get(pk=hook.pk).is_active

    actions = list(
        AuditEvent.objects.filter(object_type="partner_webhook").values_list("action", flat=True)
    )
    assert actions == ["partner_webhook.set", "partner_webhook.set", "partner_webhook.disabled"]
    with pytest.raises(CommandError):
        call_command("partner_webhook", "set", "mtn", "ftp://example.cm/x")
    with pytest.raises(CommandError):
        call_command("partner_webhook", "set", "nobody", url)
    agency = Organisation.objects.exclude(
        kind__in=["telecom_operator", "mobile_money", "bank", "private_partner"]
    ).first()
    assert agency is not None
    with pytest.raises(CommandError):
        call_command("partner_webhook", "set", agency.code, url)
