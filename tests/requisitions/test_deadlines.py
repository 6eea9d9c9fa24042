"""Deadlines that act: the addressee's responders are reminded once before the deadline (by
e-mail in their language, and a signed webhook event when the partner has one), the supervisors
of the unit in charge are alerted once after it; the same for wallet freezes."""

import datetime as dt
import json
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from tests.requisitions.test_webhooks import Receiver, receiver, set_webhook  # noqa: F401
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case, Notification
from vigilance.requisitions.models import FreezeRequest, Requisition, RequisitionEvent
from vigilance.requisitions.services import deadlines, workflow
from vigilance.requisitions.services import freezes as freeze_services
from vigilance.requisitions.webhooks import verify_signature

pytestmark = pytest.mark.django_db

NOTHING = {"reminded": 0, "escalated": 0, "freezes_reminded": 0, "freezes_escalated": 0}


def _kinds(requisition: Requisition) -> list[str]:
    return list(requisition.events.values_list("kind", flat=True))


def test_the_responders_are_reminded_once_a_day_before_the_deadline(
    sent: Requisition, mtn_responder: User, orange_responder: User
) -> None:
    assert sent.deadline is not None
    # Subscriber identity, normal: 72 hours; the reminder comes 24 hours before the end.
    assert deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=25)) == NOTHING
    assert mail.outbox == []

    done = deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=23))
    assert done == {**NOTHING, "reminded": 1}
    assert [message.to for message in mail.outbox] == [[mtn_responder.email]]
    assert sent.reference in mail.outbox[0].subject
    assert "+237677123456" not in mail.outbox[0].body
    sent.refresh_from_db()
    assert sent.reminded_at is not None
    assert _kinds(sent) == ["drafted", "approved", "reminded"]
    event = AuditEvent.objects.get(action="requisition.reminded", object_id=sent.reference)
    assert event.actor_id is None
    assert event.details["addressee"] == "mtn"

    # The next runs find nothing to do: the reminder is never sent twice.
    assert deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=1)) == NOTHING
    assert len(mail.outbox) == 1


def test_the_reminder_is_written_in_each_responders_language(
    sent: Requisition, mtn_responder: User
) -> None:
    mtn_responder.language = "fr"
    mtn_responder.save(update_fields=["language"])
    assert sent.deadline is not None
    deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=2))
    (message,) = mail.outbox
    assert message.subject.startswith(f"Vigilance\u00a0: la réquisition {sent.reference}")
    assert "Identité de l'abonné" in message.body


def test_an_urgent_requisition_is_reminded_two_hours_before(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> None:
    from tests.requisitions.conftest import draft

    urgent = workflow.requisition_approve(
        actor=supervisor_police, requisition=draft(case, investigator_littoral, urgency="urgent")
    )
    assert urgent.deadline is not None
    hours = settings.REQUISITION_REMINDER_BEFORE_HOURS["urgent"]
    assert hours == 2
    assert deadlines.deadlines_act(now=urgent.deadline - dt.timedelta(hours=3)) == NOTHING
    done = deadlines.deadlines_act(now=urgent.deadline - dt.timedelta(hours=1))
    assert done["reminded"] == 1


def test_a_partner_with_a_webhook_gets_a_signed_reminder_event(
    receiver: tuple[Receiver, str],  # noqa: F811
    sent: Requisition,
    mtn_responder: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    state, url = receiver
    state.secret = set_webhook(url)
    assert sent.deadline is not None
    with django_capture_on_commit_callbacks(execute=True):
        deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=2))
    (received,) = state.accepted
    event = json.loads(received["body"])
    assert event["event"] == "requisition.reminder"
    assert event["reference"] == sent.reference
    assert verify_signature(
        state.secret,
        received["headers"]["X-Vigilance-Timestamp"],
        received["body"],
        received["headers"]["X-Vigilance-Signature"],
    )
    assert [message.to for message in mail.outbox] == [[mtn_responder.email]]


def test_after_the_deadline_the_supervisors_are_alerted_once(
    sent: Requisition, supervisor_police: User, investigator_centre: User
) -> None:
    assert sent.deadline is not None
    late = sent.deadline + dt.timedelta(minutes=5)
    done = deadlines.deadlines_act(now=late)
    assert done["escalated"] == 1
    notice = Notification.objects.get(user=supervisor_police)
    assert sent.reference in notice.message
    assert str(sent.public_id) in notice.url
    assert not Notification.objects.filter(user=investigator_centre).exists()
    assert [supervisor_police.email] in [message.to for message in mail.outbox]
    sent.refresh_from_db()
    assert sent.escalated_at is not None
    assert "escalated" in _kinds(sent)
    assert AuditEvent.objects.filter(
        action="requisition.escalated", object_id=sent.reference
    ).exists()

    assert deadlines.deadlines_act(now=late + dt.timedelta(hours=1))["escalated"] == 0
    assert Notification.objects.filter(user=supervisor_police).count() == 1


def test_an_answered_requisition_is_neither_reminded_nor_escalated(
    sent: Requisition, mtn_responder: User
) -> None:
    workflow.requisition_answer(actor=mtn_responder, requisition=sent, text="Abonné : X")
    assert sent.deadline is not None
    assert deadlines.deadlines_act(now=sent.deadline - dt.timedelta(hours=1)) == NOTHING
    assert deadlines.deadlines_act(now=sent.deadline + dt.timedelta(hours=1)) == NOTHING
    assert not RequisitionEvent.objects.filter(
        requisition=sent, kind__in=["reminded", "escalated"]
    ).exists()


def test_a_freeze_is_reminded_at_half_time_and_escalated_after(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> None:
    freeze = freeze_services.freeze_request_create(
        actor=investigator_littoral,
        case=case,
        issuer=Organisation.objects.get(code="mtn"),
        account="677 12 34 56",
        amount_asked=50_000,
    )
    assert freeze.sent_at is not None
    assert freeze.deadline is not None
    half = freeze.sent_at + (freeze.deadline - freeze.sent_at) / 2
    assert deadlines.deadlines_act(now=half - dt.timedelta(minutes=1)) == NOTHING
    assert deadlines.deadlines_act(now=half + dt.timedelta(minutes=1))["freezes_reminded"] == 1
    assert [message.to for message in mail.outbox] == [[mtn_responder.email]]
    assert freeze.reference in mail.outbox[0].subject

    done = deadlines.deadlines_act(now=freeze.deadline + dt.timedelta(minutes=1))
    assert done == {**NOTHING, "freezes_escalated": 1}
    assert Notification.objects.filter(user=supervisor_police).count() == 1
    freeze = FreezeRequest.objects.get(pk=freeze.pk)
    assert freeze.reminded_at is not None
    assert freeze.escalated_at is not None
    assert {"freeze.reminded", "freeze.escalated"} <= set(
        AuditEvent.objects.filter(object_id=freeze.reference).values_list("action", flat=True)
    )
    assert deadlines.deadlines_act(now=freeze.deadline + dt.timedelta(hours=1)) == NOTHING


def test_the_periodic_job_is_scheduled_and_runs_the_service(sent: Requisition) -> None:
    from vigilance.requisitions import tasks

    job = settings.CELERY_BEAT_SCHEDULE["requisition-deadlines"]
    assert job["task"] == "vigilance.requisitions.tasks.act_on_deadlines"
    assert job["schedule"] <= 10 * 60
    assert tasks.act_on_deadlines.apply().get() == NOTHING
