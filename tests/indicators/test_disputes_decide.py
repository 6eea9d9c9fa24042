"""Deciding disputes: upheld makes the indicator a false positive with the note as reason;
rejected keeps its status (or restores the one it had before the dispute); both audited."""

import pytest

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.indicators import analysis
from vigilance.indicators.models import Dispute, Indicator, IndicatorStatus
from vigilance.indicators.services import indicator_set_status

pytestmark = pytest.mark.django_db

PAGE = "/en/staff/indicators/disputes/"


def dispute_of(status: str = IndicatorStatus.CONFIRMED_FRAUD, actor: User | None = None) -> Dispute:
    indicator = Indicator.objects.create(type="phone", value="+237699887766", reporter_count=3)
    if status != IndicatorStatus.UNVERIFIED:
        indicator_set_status(indicator=indicator, status=status, reason="Reports", actor=actor)
    return Dispute.objects.create(
        indicator=indicator,
        name="Jean Atangana",
        contact="jean@example.cm",
        statement="Ce numéro est le mien depuis 2015, je n'ai escroqué personne.",
        language="fr",
    )


def test_upholding_makes_the_indicator_a_false_positive(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)

    analysis.dispute_decide(
        actor=cirt_analyst, dispute=dispute, decision="uphold", note="Subscriber since 2015."
    )

    dispute.refresh_from_db()
    indicator = Indicator.objects.get(pk=dispute.indicator_id)
    assert dispute.state == Dispute.State.UPHELD
    assert dispute.decided_by == cirt_analyst
    assert dispute.decision_note == "Subscriber since 2015."
    assert indicator.status == IndicatorStatus.FALSE_POSITIVE
    assert indicator.status_changes.first().reason == "Subscriber since 2015."  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="dispute.upheld", object_id=str(dispute.pk)).exists()


def test_rejecting_keeps_the_status(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)

    analysis.dispute_decide(actor=cirt_analyst, dispute=dispute, decision="reject", note="Proven.")

    dispute.refresh_from_db()
    assert dispute.state == Dispute.State.REJECTED
    assert Indicator.objects.get(pk=dispute.indicator_id).status == IndicatorStatus.CONFIRMED_FRAUD
    assert AuditEvent.objects.filter(action="dispute.rejected").exists()


def test_rejecting_restores_the_status_before_the_dispute(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    indicator_set_status(
        indicator=dispute.indicator, status=IndicatorStatus.DISPUTED, reason="Dispute", actor=None
    )

    analysis.dispute_decide(actor=cirt_analyst, dispute=dispute, decision="reject", note="Proven.")

    assert Indicator.objects.get(pk=dispute.indicator_id).status == IndicatorStatus.CONFIRMED_FRAUD


def test_a_dispute_is_decided_once(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    analysis.dispute_decide(actor=cirt_analyst, dispute=dispute, decision="reject", note="Proven.")

    with pytest.raises(InvalidAction):
        analysis.dispute_decide(actor=cirt_analyst, dispute=dispute, decision="uphold", note="Oops")


def test_a_decision_needs_a_note(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    with pytest.raises(InvalidAction) as refused:
        analysis.dispute_decide(actor=cirt_analyst, dispute=dispute, decision="uphold", note=" ")
    assert "note" in refused.value.fields


def test_only_analysts_decide(mtn_responder: User, cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    with pytest.raises(NotFound):
        analysis.dispute_decide(actor=mtn_responder, dispute=dispute, decision="uphold", note="x")


def test_the_queue_shows_the_statement_and_decides(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    client = personas.signed_in_client(cirt_analyst)

    html = client.get(PAGE).content.decode()
    assert "je n&#x27;ai escroqué personne" in html

    prefix = f"dispute-{dispute.pk}"
    response = client.post(
        f"{PAGE}{dispute.pk}/decide/",
        {f"{prefix}-decision": "uphold", f"{prefix}-note": "Subscriber since 2015."},
    )

    assert response.status_code == 302
    assert Indicator.objects.get(pk=dispute.indicator_id).status == IndicatorStatus.FALSE_POSITIVE
    assert "je n&#x27;ai escroqué personne" not in client.get(PAGE).content.decode()


def test_the_queue_shows_a_missing_note_next_to_the_field(cirt_analyst: User) -> None:
    dispute = dispute_of(actor=cirt_analyst)
    prefix = f"dispute-{dispute.pk}"

    response = personas.signed_in_client(cirt_analyst).post(
        f"{PAGE}{dispute.pk}/decide/", {f"{prefix}-decision": "uphold", f"{prefix}-note": ""}
    )

    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert Dispute.objects.get(pk=dispute.pk).state == Dispute.State.OPEN
