"""Drafting, four-eyes approval and the partner's answers, through the services."""

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, transaction

from tests.intake.test_receipts import PNG
from tests.requisitions.conftest import PHONE, draft
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.evidence import storage
from vigilance.evidence.services import IncomingFile
from vigilance.requisitions.models import (
    LegalBasis,
    Requisition,
    RequisitionKind,
    RequisitionStatus,
)
from vigilance.requisitions.services import workflow

pytestmark = pytest.mark.django_db


def test_a_draft_gets_the_next_reference_of_the_year_and_is_audited(
    case: Case, investigator_littoral: User
) -> None:
    first = draft(case, investigator_littoral)
    second = draft(case, investigator_littoral, addressee="orange")
    year = first.created_at.year
    assert (first.reference, second.reference) == (f"REQ-{year}-000001", f"REQ-{year}-000002")
    assert first.status == RequisitionStatus.DRAFT
    assert first.identifiers == [{"type": "phone", "value": "+237677123456"}]
    event = AuditEvent.objects.get(action="requisition.drafted", object_id=first.reference)
    assert event.actor_id == investigator_littoral.pk


def test_identifiers_typed_in_another_form_are_normalised_before_the_check(
    case: Case, investigator_littoral: User
) -> None:
    requisition = workflow.requisition_draft(
        actor=investigator_littoral,
        case=case,
        addressee=Organisation.objects.get(code="mtn"),
        kind=RequisitionKind.CALL_RECORDS,
        identifiers=[("phone", "6 77 12 34 56")],
        legal_basis=LegalBasis.objects.get(code="ccp-judicial-police"),
    )
    assert requisition.identifiers == [{"type": "phone", "value": PHONE[1]}]


def test_an_identifier_the_case_does_not_name_is_refused(
    case: Case, investigator_littoral: User
) -> None:
    with pytest.raises(InvalidAction):
        workflow.requisition_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            kind=RequisitionKind.CALL_RECORDS,
            identifiers=[("phone", "+237690000000")],
            legal_basis=LegalBasis.objects.get(code="ccp-judicial-police"),
        )
    assert not Requisition.objects.exists()


def test_a_requisition_is_never_addressed_to_an_agency(
    case: Case, investigator_littoral: User
) -> None:
    with pytest.raises(InvalidAction):
        draft(case, investigator_littoral, addressee="dgsn")


def test_an_investigator_of_another_unit_cannot_draft_on_the_case(
    case: Case, investigator_centre: User
) -> None:
    with pytest.raises(NotFound):
        draft(case, investigator_centre)


def test_approving_sends_it_with_the_deadline_of_its_kind_and_urgency(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    normal = draft(case, investigator_littoral)
    urgent = draft(case, investigator_littoral, urgency="urgent")
    for requisition in (normal, urgent):
        workflow.requisition_approve(actor=supervisor_police, requisition=requisition)
        requisition.refresh_from_db()
        assert requisition.status == RequisitionStatus.SENT
        assert requisition.approved_by_id == supervisor_police.pk
    assert normal.deadline - normal.sent_at == dt.timedelta(hours=72)
    assert urgent.deadline - urgent.sent_at == dt.timedelta(hours=24)
    assert AuditEvent.objects.filter(action="requisition.approved").count() == 2


def test_the_drafter_cannot_approve_their_own_requisition(
    case: Case, supervisor_police: User
) -> None:
    requisition = draft(case, supervisor_police)
    with pytest.raises(NotAllowed):
        workflow.requisition_approve(actor=supervisor_police, requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.DRAFT


def test_the_database_refuses_an_approver_who_drafted_it(
    case: Case, supervisor_police: User
) -> None:
    requisition = draft(case, supervisor_police)
    with pytest.raises(IntegrityError), transaction.atomic():
        Requisition.objects.filter(pk=requisition.pk).update(approved_by=supervisor_police)


def test_an_investigator_cannot_approve(
    case: Case, investigator_littoral: User, gendarme_north: User
) -> None:
    requisition = draft(case, investigator_littoral)
    with pytest.raises(NotAllowed):
        workflow.requisition_approve(actor=gendarme_north, requisition=requisition)


def test_only_the_addressee_answers(
    sent: Requisition, orange_responder: User, investigator_littoral: User
) -> None:
    for actor in (orange_responder, investigator_littoral):
        with pytest.raises(NotFound):
            workflow.requisition_answer(actor=actor, requisition=sent, text="Nom: X")
    sent.refresh_from_db()
    assert sent.status == RequisitionStatus.SENT


def test_the_answer_files_are_kept_as_evidence_hashed_and_encrypted(
    sent: Requisition, mtn_responder: User
) -> None:
    workflow.requisition_acknowledge(actor=mtn_responder, requisition=sent)
    workflow.requisition_answer(
        actor=mtn_responder,
        requisition=sent,
        text="Titulaire : Paul N.",
        files=[IncomingFile(name="../../fiche.png", content=PNG)],
    )
    sent.refresh_from_db()
    assert sent.status == RequisitionStatus.ANSWERED
    assert sent.answer_text == "Titulaire : Paul N."
    evidence = sent.answer_files.get()
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.original_name == "fiche.png"
    assert PNG not in storage.read(evidence.storage_name)
    assert [event.kind for event in sent.events.all()] == [
        "drafted",
        "approved",
        "acknowledged",
        "answered",
    ]


def test_a_file_of_a_type_not_accepted_is_refused_and_nothing_changes(
    sent: Requisition, mtn_responder: User
) -> None:
    with pytest.raises(InvalidAction):
        workflow.requisition_answer(
            actor=mtn_responder,
            requisition=sent,
            text="Voir fichier",
            files=[IncomingFile(name="run.exe", content=b"MZ\x90\x00binary")],
        )
    sent.refresh_from_db()
    assert sent.status == RequisitionStatus.SENT


def test_an_answer_to_a_closed_requisition_is_refused_with_a_clear_message(
    sent: Requisition, mtn_responder: User
) -> None:
    workflow.requisition_refuse(actor=mtn_responder, requisition=sent, reason="Numéro porté")
    with pytest.raises(InvalidAction, match="already closed"):
        workflow.requisition_answer(actor=mtn_responder, requisition=sent, text="Finalement")
    sent.refresh_from_db()
    assert sent.status == RequisitionStatus.REFUSED
    assert sent.refusal_reason == "Numéro porté"


def test_a_refusal_needs_a_reason(sent: Requisition, mtn_responder: User) -> None:
    with pytest.raises(InvalidAction):
        workflow.requisition_refuse(actor=mtn_responder, requisition=sent, reason="  ")


def test_a_draft_cannot_be_answered_before_it_is_sent(
    case: Case, investigator_littoral: User, mtn_responder: User
) -> None:
    requisition = draft(case, investigator_littoral)
    with pytest.raises(InvalidAction):
        workflow.requisition_answer(actor=mtn_responder, requisition=requisition, text="x")
