"""The requisition pages in both languages: drafting from a case, approving, the partner desk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import personas
from tests.intake.test_receipts import PNG
from tests.requisitions.conftest import PHONE, draft
from vigilance.accounts import reauth
from vigilance.accounts.models import Organisation, User
from vigilance.cases.models import Case
from vigilance.requisitions.models import LegalBasis, Requisition, RequisitionStatus

pytestmark = pytest.mark.django_db


def _draft_form(language: str) -> dict[str, object]:
    return {
        "draft-addressee": Organisation.objects.get(code="mtn").pk,
        "draft-kind": "subscriber_identity",
        "draft-identifiers": [f"{PHONE[0]}\x1f{PHONE[1]}"],
        "draft-legal_basis": LegalBasis.objects.get(code="law-2010-012-art-25").pk,
        "draft-urgency": "urgent",
        "draft-period_from": "2026-01-01",
        "draft-period_to": "2026-02-01",
    }


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [("fr", "Réquisitions du dossier", "Rédiger la réquisition"),
     ("en", "Requisitions of case", "Draft the requisition")],
)  # fmt: skip
def test_the_investigator_drafts_from_the_case_in_their_language(
    case: Case, investigator_littoral: User, language: str, heading: str, button: str
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    page = client.get(f"/{language}/staff/cases/{case.public_id}/")
    assert f"/{language}/staff/cases/{case.public_id}/requisitions/" in page.content.decode()
    address = f"/{language}/staff/cases/{case.public_id}/requisitions/"
    form = client.get(address).content.decode()
    assert heading in form
    assert button in form
    response = client.post(address, _draft_form(language))
    requisition = Requisition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/staff/requisitions/{requisition.public_id}/"
    assert requisition.urgency == "urgent"
    assert requisition.drafted_by == investigator_littoral


def test_a_period_in_the_wrong_order_is_shown_on_the_form(
    case: Case, investigator_littoral: User
) -> None:
    client = personas.signed_in_client(investigator_littoral)
    form = _draft_form("fr") | {"draft-period_from": "2026-03-01"}
    response = client.post(f"/fr/staff/cases/{case.public_id}/requisitions/", form)
    assert response.status_code == 400
    assert "La fin de la période vient après son début." in response.content.decode()
    assert not Requisition.objects.exists()


def test_readers_without_charge_see_the_list_but_no_draft_form(
    case: Case, investigator_littoral: User, triage_officer: User
) -> None:
    draft(case, investigator_littoral)
    response = personas.signed_in_client(triage_officer).get(
        f"/en/staff/cases/{case.public_id}/requisitions/"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "REQ-" in body
    assert "Draft the requisition" not in body


def test_the_supervisor_approves_on_the_page_and_the_drafter_is_not_offered_it(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    requisition = draft(case, investigator_littoral)
    page = f"/fr/staff/requisitions/{requisition.public_id}/"
    assert (
        "Approuver et envoyer"
        not in personas.signed_in_client(investigator_littoral).get(page).content.decode()
    )
    client = personas.signed_in_client(supervisor_police)
    assert "Approuver et envoyer" in client.get(page).content.decode()
    response = client.post(f"{page}approve/", follow=True)
    assert "Réquisition approuvée et envoyée au partenaire." in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.SENT


def test_a_stale_sign_in_must_be_confirmed_before_approving(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    requisition = draft(case, investigator_littoral)
    client = personas.signed_in_client(supervisor_police)
    session = client.session
    session[reauth.AUTHENTICATED_AT_SESSION_KEY] = 0
    session.save()
    response = client.post(f"/en/staff/requisitions/{requisition.public_id}/approve/")
    assert response.status_code == 302
    assert reverse("accounts:confirm") in response["Location"]
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.DRAFT


def test_the_drafter_posting_approve_is_refused_with_the_reason(
    case: Case, supervisor_police: User
) -> None:
    requisition = draft(case, supervisor_police)
    response = personas.signed_in_client(supervisor_police).post(
        f"/en/staff/requisitions/{requisition.public_id}/approve/"
    )
    assert response.status_code == 403
    assert "someone other than the person who drafted it" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "countdown"),
    [("fr", "Guichet des partenaires", "il reste"), ("en", "Partner desk", "left")],
)
def test_the_desk_lists_the_requisition_with_its_countdown(
    sent: Requisition, mtn_responder: User, language: str, title: str, countdown: str
) -> None:
    response = personas.signed_in_client(mtn_responder).get(f"/{language}/staff/desk/")
    body = response.content.decode()
    assert response.status_code == 200
    assert title in body
    assert sent.reference in body
    assert countdown in body
    assert sent.case.number not in body


def test_the_partner_answers_with_a_file_and_the_investigator_reads_it(
    sent: Requisition, mtn_responder: User, investigator_littoral: User
) -> None:
    page = f"/fr/staff/requisitions/{sent.public_id}/"
    client = personas.signed_in_client(mtn_responder)
    upload = SimpleUploadedFile("fiche.png", PNG, content_type="image/png")
    response = client.post(
        f"{page}answer/", {"answer-text": "Titulaire : Paul N.", "answer-attachments": upload}
    )
    assert response.status_code == 302
    reader = personas.signed_in_client(investigator_littoral)
    body = reader.get(page).content.decode()
    assert "Titulaire : Paul N." in body
    evidence = sent.answer_files.get()
    download = reader.get(f"{page}files/{evidence.public_id}/")
    assert download.status_code == 200
    assert download.content == PNG
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_answer_to_a_closed_requisition_reads_why_in_french(
    sent: Requisition, mtn_responder: User
) -> None:
    client = personas.signed_in_client(mtn_responder)
    page = f"/fr/staff/requisitions/{sent.public_id}/"
    client.post(f"{page}refuse/", {"refuse-reason": "Numéro porté chez un autre opérateur"})
    response = client.post(f"{page}answer/", {"answer-text": "Finalement"})
    assert response.status_code == 409
    assert "Cette réquisition est déjà close" in response.content.decode()
