"""A partner's answer feeds the case: its files are evidence of the case with their custody, and
the identifiers it found become identifiers of the case, linked to the other reports naming
them for staff, and never shown or counted publicly."""

import pytest
from django.test import Client

from tests import personas
from tests.accounts.test_api_keys import create_key
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission
from vigilance.cases.models import Case
from vigilance.cases.selectors.case import case_detail
from vigilance.core.errors import InvalidAction
from vigilance.evidence.models import CustodyEvent
from vigilance.evidence.services import IncomingFile
from vigilance.indicators.models import Indicator
from vigilance.indicators.normalise import display
from vigilance.intake import services, staff
from vigilance.intake.services import IdentifierInput
from vigilance.requisitions.models import AnswerIdentifier, Requisition
from vigilance.requisitions.services import workflow

pytestmark = pytest.mark.django_db

OTHER_NUMBER = "+237699000111"  # the subscriber's other number, named in another report too
ONLY_ANSWERED = "+237655443322"  # named by nobody but the partner


def answer(requisition: Requisition, responder: User, **changes: object) -> Requisition:
    values: dict[str, object] = {
        "text": "The subscriber is registered under another name; two numbers found.",
        "files": [IncomingFile(name="subscriber.png", content=PNG)],
        "items": [("phone", "699 00 01 11"), ("phone", "655 44 33 22")],
    }
    values.update(changes)
    return workflow.requisition_answer(
        actor=responder,
        requisition=requisition,
        **values,  # type: ignore[arg-type]
    )


def test_answer_files_are_evidence_of_the_case_with_their_custody(
    sent: Requisition, case: Case, mtn_responder: User, investigator_littoral: User
) -> None:
    answer(sent, mtn_responder)

    detail = case_detail(user=investigator_littoral, case=case)
    assert [file.original_name for file in detail.evidence] == ["subscriber.png"]
    custody = CustodyEvent.objects.get(evidence=detail.evidence[0])
    assert custody.action == "received"
    assert custody.actor == mtn_responder
    assert custody.purpose == f"answer of mtn to requisition {sent.reference}"
    page = personas.signed_in_client(investigator_littoral).get(
        f"/en/staff/cases/{case.public_id}/"
    )
    assert "subscriber.png" in page.content.decode()
    assert detail.evidence[0].sha256 in page.content.decode()


def test_found_identifiers_belong_to_the_case_and_link_to_other_reports(
    sent: Requisition,
    case: Case,
    mtn_responder: User,
    investigator_littoral: User,
    triage_officer: User,
) -> None:
    other = services.report_submit(
        draft=report_draft(identifiers=[IdentifierInput(type="phone", value=OTHER_NUMBER)]),
        channel="web",
    ).report
    staff.report_route(
        report=other, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )

    answer(sent, mtn_responder)

    found = AnswerIdentifier.objects.filter(case=case).values_list("type", "value")
    assert sorted(found) == [("phone", ONLY_ANSWERED), ("phone", OTHER_NUMBER)]
    # A follow-up requisition may name them, like the reports' own identifiers.
    assert ("phone", ONLY_ANSWERED) in workflow.case_identifiers(case)
    page = personas.signed_in_client(investigator_littoral).get(
        f"/en/staff/cases/{case.public_id}/requisitions/"
    )
    content = page.content.decode()
    assert "Identifiers found in the answers" in content
    assert other.reference in content
    detail = personas.signed_in_client(investigator_littoral).get(
        f"/en/staff/requisitions/{sent.public_id}/"
    )
    assert display("phone", ONLY_ANSWERED) in detail.content.decode()
    # What only the answer names creates no indicator: nothing to count or to show.
    assert not Indicator.objects.filter(value=ONLY_ANSWERED).exists()


def test_the_public_check_of_an_answered_value_says_no_more_than_for_an_unknown_one(
    sent: Requisition, mtn_responder: User, administrator_user: User
) -> None:
    answer(sent, mtn_responder)

    def check(value: str) -> dict[str, object]:
        response = Client().get("/api/v1/lookup", {"type": "phone", "value": value})
        assert response.status_code == 200
        body: dict[str, object] = response.json()
        body.pop("value")
        return body

    assert check(ONLY_ANSWERED) == check("+237655000999")
    page = Client().get("/en/check/", {"type": "phone", "value": ONLY_ANSWERED})
    unknown = Client().get("/en/check/", {"type": "phone", "value": "+237655000999"})
    assert page.status_code == unknown.status_code == 200
    for shown in (page, unknown):
        assert "There are not enough verified reports to conclude" in shown.content.decode()
    key = create_key(administrator_user, "mtn", permissions=[Permission.PULL_FRAUD_LIST]).key
    listed = Client().get("/api/v1/fraud-list", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert listed.status_code == 200
    assert ONLY_ANSWERED not in b"".join(listed.streaming_content).decode()


def test_a_bad_item_saves_nothing(sent: Requisition, mtn_responder: User) -> None:
    with pytest.raises(InvalidAction):
        answer(sent, mtn_responder, items=[("phone", "699 00 01 11"), ("ip", "not an address")])

    sent.refresh_from_db()
    assert sent.status == "sent"
    assert not AnswerIdentifier.objects.exists()
    assert not sent.answer_files.exists()
