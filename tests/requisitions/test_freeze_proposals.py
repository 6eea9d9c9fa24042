"""Freezes proposed by the platform from a report: at triage from the pasted payment SMS (or the
wallet named and the loss), once per receiving account, sent at once or held for a supervisor,
at arrival for a large loss, joining the case the report enters; and who sees them."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from tests.requisitions.conftest import fraud_report, momo_sms
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.services import lifecycle, triage
from vigilance.core.errors import NotAllowed, NotFound
from vigilance.intake.models import Report
from vigilance.intake.services import IdentifierInput
from vigilance.requisitions import access
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.selectors import freezes as selectors
from vigilance.requisitions.services import freezes
from vigilance.requisitions.services.freeze_proposals import Trigger, freeze_propose_for_report

pytestmark = pytest.mark.django_db

Commit = Callable[..., Any]


def route(report: Report, officer: User, commit: Commit) -> FreezeRequest | None:
    """Triage the report to the Littoral's cyber unit and run what waits for the commit."""
    with commit(execute=True):
        triage.triage_route(
            report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=officer
        )
    return FreezeRequest.objects.filter(report=report).first()


def test_triage_of_a_momo_fraud_sends_a_freeze_to_the_wallet_issuer(
    triage_officer: User,
    momo_responder: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    report = fraud_report(amount=50_000)
    freeze = route(report, triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    assert freeze.issuer.code == "mtn_momo"
    assert freeze.account == "+237677889900"
    assert (freeze.amount_asked, freeze.transaction_reference) == (50_000, "7364519283")
    assert freeze.transaction_at is not None
    assert freeze.status == FreezeStatus.SENT
    assert freeze.case is None
    assert freeze.drafted_by is None
    assert round((freeze.deadline - freeze.sent_at).total_seconds()) == 4 * 3600
    event = AuditEvent.objects.get(action="freeze.proposed_at_triage", object_id=freeze.reference)
    assert event.actor_label == "job:freeze_proposal"
    assert event.details["by"] == triage_officer.username
    # No webhook: the issuer's responders hear of it by e-mail, without the victim's name.
    assert [message.to for message in mail.outbox] == [[momo_responder.email]]
    assert freeze.reference in mail.outbox[0].subject
    assert "JEAN" not in mail.outbox[0].body
    assert selectors.freezes_for_desk(user=momo_responder) == [freeze]


def test_a_retry_or_a_second_triage_proposes_nothing_more(
    triage_officer: User, django_capture_on_commit_callbacks: Commit
) -> None:
    report = fraud_report()
    first = route(report, triage_officer, django_capture_on_commit_callbacks)
    again = freeze_propose_for_report(report=report, trigger=Trigger.TRIAGE)
    assert again == first
    assert FreezeRequest.objects.filter(report=report).count() == 1
    assert AuditEvent.objects.filter(action__startswith="freeze.proposed").count() == 1


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"receipt": momo_sms(hours_ago=100)}, "the money moved more than 72 hours ago"),
        ({"category": "cyber_harassment"}, "not a fraud"),
        ({"channel": "cash"}, "paid in cash: nobody to ask"),
        ({"receipt": "Merci pour votre achat."}, "no receiving wallet known"),
    ],
)
def test_no_freeze_is_proposed_when(
    changes: dict[str, Any],
    why: str,
    triage_officer: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    report = fraud_report(**changes)
    assert route(report, triage_officer, django_capture_on_commit_callbacks) is None, why


def test_without_a_payment_sms_the_suspects_wallet_and_the_loss_are_used(
    triage_officer: User, django_capture_on_commit_callbacks: Commit
) -> None:
    report = fraud_report(
        amount=35_000,
        receipt="",
        channel="orange_money",
        identifiers=[IdentifierInput(type="momo_account", value="6 99 11 22 33")],
    )
    freeze = route(report, triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    assert (freeze.issuer.code, freeze.account) == ("orange_money", "+237699112233")
    assert (freeze.amount_asked, freeze.transaction_reference) == (35_000, "")


def test_a_large_loss_waits_for_a_supervisor_and_the_issuer_sees_nothing_before(
    triage_officer: User,
    momo_responder: User,
    centre_supervisor: User,
    supervisor_police: User,
    django_capture_on_commit_callbacks: Commit,
    settings: Any,
) -> None:
    settings.FREEZE_APPROVAL_THRESHOLD_XAF = 100_000
    settings.FREEZE_IMMEDIATE_XAF = 10_000_000
    freeze = route(fraud_report(amount=400_000), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    assert freeze.status == FreezeStatus.AWAITING_APPROVAL
    with pytest.raises(NotFound):
        access.freeze_get_for_user(user=momo_responder, freeze_id=str(freeze.public_id))
    with pytest.raises(NotAllowed):
        freezes.freeze_approve(actor=triage_officer, freeze=freeze)
    freezes.freeze_approve(actor=supervisor_police, freeze=freeze)
    freeze.refresh_from_db()
    assert freeze.status == FreezeStatus.SENT
    assert freeze.approved_by == supervisor_police


def test_a_loss_above_the_immediate_threshold_is_proposed_on_arrival(
    triage_officer: User,
    centre_supervisor: User,
    momo_responder: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = fraud_report(amount=600_000)
    freeze = FreezeRequest.objects.get(report=report)
    assert freeze.status == FreezeStatus.AWAITING_APPROVAL
    assert AuditEvent.objects.filter(
        action="freeze.proposed_at_arrival", object_id=freeze.reference
    ).exists()
    # The coordination centre's supervisor approves before anyone triages the report.
    freezes.freeze_approve(actor=centre_supervisor, freeze=freeze)
    assert selectors.freezes_for_desk(user=momo_responder)[0].pk == freeze.pk
    # Triage later finds it already proposed.
    route(report, triage_officer, django_capture_on_commit_callbacks)
    assert FreezeRequest.objects.filter(report=report).count() == 1


@pytest.mark.parametrize(
    ("category", "channel"),
    [("sextortion", "mtn_momo"), ("mobile_money_fraud", "cash")],
    ids=["not a fraud a freeze answers", "cash, which no freeze reaches"],
)
def test_a_large_loss_no_freeze_can_answer_queues_no_job_at_arrival(
    category: str, channel: str, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        report = fraud_report(amount=600_000, category=category, channel=channel)
    queued = [callback for callback in waiting if "freeze" in repr(callback)]
    assert queued == []
    assert not FreezeRequest.objects.filter(report=report).exists()


def test_the_freeze_joins_the_case_and_its_money_trail(
    triage_officer: User,
    investigator_littoral: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    report = fraud_report()
    freeze = route(report, triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    # Routed to the Littoral: its investigators see the report's freeze; the Centre's do not.
    assert access.freeze_get_for_user(user=investigator_littoral, freeze_id=str(freeze.public_id))
    with pytest.raises(NotFound):
        access.freeze_get_for_user(user=investigator_centre, freeze_id=str(freeze.public_id))
    case = lifecycle.case_open(report=report, actor=investigator_littoral)
    freeze.refresh_from_db()
    assert freeze.case == case
    trail = selectors.money_trail(case=case)
    assert [node.freeze.pk for node in trail.nodes] == [freeze.pk]
    assert AuditEvent.objects.filter(action="freeze.joined_case", object_id=freeze.reference)


def test_a_case_opened_straight_from_an_untriaged_report_proposes_its_freeze(
    triage_officer: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    report = fraud_report()
    with django_capture_on_commit_callbacks(execute=True):
        case = lifecycle.case_open(report=report, actor=triage_officer)
    freeze = FreezeRequest.objects.get(report=report)
    assert freeze.case == case
    assert AuditEvent.objects.filter(
        action="freeze.proposed_at_case_opening", object_id=freeze.reference
    ).exists()


def test_moved_on_from_a_report_freeze_keeps_the_report(
    triage_officer: User,
    momo_responder: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    freeze = route(fraud_report(), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    freezes.freeze_answer(
        actor=momo_responder,
        freeze=freeze,
        outcome=FreezeStatus.MOVED_ON,
        amount=20_000,
        next_issuer=Organisation.objects.get(code="orange_money"),
        next_account="699 11 22 33",
    )
    child = FreezeRequest.objects.get(parent=freeze)
    assert child.report_id == freeze.report_id
    assert child.status == FreezeStatus.SENT
    assert access.freeze_get_for_user(user=investigator_littoral, freeze_id=str(child.public_id))


def test_a_freeze_still_on_a_report_escalates_to_the_supervisors_of_its_unit(
    triage_officer: User,
    momo_responder: User,
    supervisor_police: User,
    investigator_littoral: User,
    django_capture_on_commit_callbacks: Commit,
) -> None:
    from vigilance.cases.models import Notification
    from vigilance.requisitions.services import deadlines

    freeze = route(fraud_report(amount=50_000), triage_officer, django_capture_on_commit_callbacks)
    assert freeze is not None
    assert freeze.case is None
    assert freeze.deadline is not None
    done = deadlines.deadlines_act(now=freeze.deadline + dt.timedelta(minutes=5))
    assert done["freezes_escalated"] == 1
    alerted = set(
        Notification.objects.filter(url__contains=str(freeze.public_id)).values_list(
            "user__username", flat=True
        )
    )
    assert supervisor_police.username in alerted
    assert investigator_littoral.username not in alerted
    freeze.refresh_from_db()
    assert freeze.escalated_at is not None
    event = AuditEvent.objects.get(action="freeze.escalated", object_id=freeze.reference)
    assert event.details["supervisors"] >= 1
