"""Requests abroad: drafted by those in charge of the case, approved by a supervisor who did not
draft them, each step of the foreign side recorded with its date and the documents received
kept as evidence; bad input refused with a reason, in French too."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from tests import personas
from tests.intake.test_receipts import PNG
from tests.requisitions.outward import foreign_request
from vigilance.accounts.models import Organisation, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed
from vigilance.evidence.services import IncomingFile
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.services import abroad

pytestmark = pytest.mark.django_db


def test_a_request_abroad_gets_a_reference_and_waits_for_a_supervisor(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    request = foreign_request(case, investigator_littoral)

    assert re.fullmatch(rf"ETR-{timezone.now().year}-\d{{6}}", request.reference)
    assert request.status == "awaiting_approval"
    assert request.identifiers == [{"type": "phone", "value": "+237677123456"}]
    with pytest.raises(NotAllowed):
        abroad.foreign_request_approve(actor=investigator_littoral, foreign_request=request)
    sent = abroad.foreign_request_approve(actor=supervisor_police, foreign_request=request)
    assert sent.status == "sent"
    assert sent.deadline == sent.sent_at + dt.timedelta(days=7)
    assert AuditEvent.objects.filter(
        action="foreign_request.approved", actor_id=supervisor_police.pk
    ).exists()


def test_a_supervisor_does_not_approve_their_own_request(
    case: Case, supervisor_police: User
) -> None:
    request = foreign_request(case, supervisor_police)
    with pytest.raises(NotAllowed, match="someone other"):
        abroad.foreign_request_approve(actor=supervisor_police, foreign_request=request)


def test_interpol_is_an_addressee_of_the_directory(case: Case, investigator_littoral: User) -> None:
    request = abroad.foreign_request_draft(
        actor=investigator_littoral,
        case=case,
        kind="interpol",
        country="NG",
        legal_basis="interpol-rules",
        asked="Identify the holder of the number abroad.",
        addressee=Organisation.objects.get(code="interpol_ncb"),
    )
    assert request.addressee_shown == str(Organisation.objects.get(code="interpol_ncb"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"legal_basis": "hearsay"}, "legal_basis"),
        ({"addressee_name": "  "}, "addressee_name"),
        ({"addressee": "mtn"}, "addressee"),
        ({"asked": " "}, "asked"),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(
    case: Case, investigator_littoral: User, changes: dict[str, str], field: str
) -> None:
    values: dict[str, object] = {
        "kind": "mutual_legal_assistance",
        "country": "FR",
        "legal_basis": "budapest",
        "asked": "Identify the holder of the account.",
        "addressee_name": "Ministère de la Justice (France)",
    }
    values.update(changes)
    if "addressee" in changes:
        values["addressee"] = Organisation.objects.get(code=changes["addressee"])
    with pytest.raises(InvalidAction) as refused:
        abroad.foreign_request_draft(actor=investigator_littoral, case=case, **values)  # type: ignore[arg-type]
    assert field in refused.value.fields
    assert not ForeignRequest.objects.exists()


def test_the_investigator_records_the_answer_with_the_documents_received(
    case: Case, investigator_littoral: User, supervisor_police: User, investigator_centre: User
) -> None:
    request = abroad.foreign_request_approve(
        actor=supervisor_police, foreign_request=foreign_request(case, investigator_littoral)
    )
    today = timezone.localdate()
    with pytest.raises(NotAllowed):
        abroad.foreign_request_record(
            actor=investigator_centre, foreign_request=request, outcome="acknowledged", on=today
        )
    with pytest.raises(InvalidAction) as future:
        abroad.foreign_request_record(
            actor=investigator_littoral,
            foreign_request=request,
            outcome="acknowledged",
            on=today + dt.timedelta(days=1),
        )
    assert "on" in future.value.fields

    abroad.foreign_request_record(
        actor=investigator_littoral, foreign_request=request, outcome="acknowledged", on=today
    )
    answered = abroad.foreign_request_record(
        actor=investigator_littoral,
        foreign_request=request,
        outcome="answered",
        on=today,
        note="Data preserved until March; a formal request must follow.",
        documents=[IncomingFile(name="confirmation.png", content=PNG)],
    )

    assert (answered.status, answered.acknowledged_on, answered.closed_on) == (
        "answered",
        today,
        today,
    )
    document = answered.documents.get()
    assert len(document.sha256) == 64
    with pytest.raises(InvalidAction, match="already closed"):
        abroad.foreign_request_record(
            actor=investigator_littoral, foreign_request=answered, outcome="refused", on=today
        )


def test_a_request_past_its_deadline_is_overdue(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    request = abroad.foreign_request_approve(
        actor=supervisor_police, foreign_request=foreign_request(case, investigator_littoral)
    )
    ForeignRequest.objects.filter(pk=request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    request.refresh_from_db()
    assert request.is_overdue
    page = personas.signed_in_client(investigator_littoral).get(
        f"/en/staff/cases/{case.public_id}/abroad/"
    )
    assert "overdue" in page.content.decode()


def test_the_case_page_links_to_its_requests_abroad_and_the_draft_form_answers_in_french(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    case_page = client.get(f"/fr/staff/cases/{case.public_id}/").content.decode()
    assert f"/fr/staff/cases/{case.public_id}/abroad/" in case_page
    assert f"/fr/staff/cases/{case.public_id}/takedowns/" in case_page
    with translation.override("fr"):
        response = client.post(
            f"/fr/staff/cases/{case.public_id}/abroad/",
            {
                "abroad-kind": "mutual_legal_assistance",
                "abroad-country": "FR",
                "abroad-legal_basis": "budapest",
                "abroad-asked": "Identifier le titulaire.",
            },
        )
    assert response.status_code == 400
    assert "annuaire" in response.content.decode()
    assert not ForeignRequest.objects.exists()
    drafted = client.post(
        f"/fr/staff/cases/{case.public_id}/abroad/",
        {
            "abroad-kind": "mutual_legal_assistance",
            "abroad-country": "FR",
            "abroad-legal_basis": "budapest",
            "abroad-asked": "Identifier le titulaire.",
            "abroad-addressee_name": "Ministère de la Justice (France)",
        },
    )
    assert drafted.status_code == 302
    assert ForeignRequest.objects.get().country == "FR"
