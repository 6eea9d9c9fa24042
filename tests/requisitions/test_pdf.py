"""The requisition's letter: signed by the platform once it is sent, the same bytes every time,
bilingual (French first), for the case's readers and the addressee only; a draft's unsigned
preview for its drafter."""

import hashlib
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client

from tests import personas
from tests.accounts.test_api_keys import create_key
from tests.intake.test_receipts import pdf_text, squeezed
from tests.requisitions.conftest import draft
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.core.signing import verify_pdf_signature
from vigilance.evidence import crypto
from vigilance.requisitions import tasks
from vigilance.requisitions.models import Requisition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("platform_certificate")]


def letter_address(requisition: Requisition, language: str = "fr") -> str:
    return f"/{language}/staff/requisitions/{requisition.public_id}/pdf/"


def test_the_sent_letter_verifies_and_names_what_is_asked_in_both_languages(
    sent: Requisition, investigator_littoral: User
) -> None:
    response = personas.signed_in_client(investigator_littoral).get(letter_address(sent))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert verify_pdf_signature(response.content).is_valid
    text = squeezed(pdf_text(response.content))
    assert sent.reference in text
    assert "+237677123456" in text.replace("\u00a0", "")  # shown spaced: +237 6 77 12 34 56
    assert squeezed("Réquisition judiciaire") in text
    assert squeezed("Judicial requisition") in text
    assert text.index(squeezed("Réquisition judiciaire")) < text.index(
        squeezed("Judicial requisition")
    )
    assert squeezed("investigator_littoral") in text  # the drafter, the approver below
    assert squeezed("supervisor_police") in text


def test_the_same_signed_bytes_are_served_every_time(
    sent: Requisition, investigator_littoral: User, mtn_responder: User
) -> None:
    assert tasks.issue_letter.apply(args=[sent.pk]).get() == "issued"
    sent.refresh_from_db()

    first = personas.signed_in_client(investigator_littoral).get(letter_address(sent)).content
    second = personas.signed_in_client(mtn_responder).get(letter_address(sent, "en")).content

    assert first == second
    assert hashlib.sha256(first).hexdigest() == sent.pdf_sha256
    assert tasks.issue_letter.apply(args=[sent.pk]).get() == "skipped"
    assert AuditEvent.objects.filter(action="requisition.pdf_issued").count() == 1
    downloads = AuditEvent.objects.filter(action="requisition.pdf_downloaded")
    assert [event.actor_id for event in downloads] == [investigator_littoral.pk, mtn_responder.pk]


def test_orange_and_another_agency_get_404_on_an_mtn_letter(
    sent: Requisition, orange_responder: User, investigator_centre: User, auditor: User
) -> None:
    for outsider in (orange_responder, investigator_centre, auditor):
        response = personas.signed_in_client(outsider).get(letter_address(sent))
        assert response.status_code == 404, outsider.username
    assert not AuditEvent.objects.filter(action="requisition.pdf_downloaded").exists()


def test_a_draft_is_previewed_unsigned_by_its_drafter_only(
    case: Case, investigator_littoral: User, mtn_responder: User, supervisor_police: User
) -> None:
    requisition = draft(case, investigator_littoral)

    preview = personas.signed_in_client(investigator_littoral).get(letter_address(requisition))
    for_approver = personas.signed_in_client(supervisor_police).get(letter_address(requisition))

    assert preview.status_code == for_approver.status_code == 200
    assert not verify_pdf_signature(preview.content).is_signed
    text = squeezed(pdf_text(preview.content))
    assert "DRAFT" in text
    assert requisition.reference in text
    assert preview["Content-Disposition"].endswith(f'{requisition.reference}-DRAFT.pdf"')
    assert (
        personas.signed_in_client(mtn_responder).get(letter_address(requisition)).status_code == 404
    )
    requisition.refresh_from_db()
    assert requisition.pdf_sha256 == ""


def test_the_partner_api_serves_the_letter_to_the_addressee_only(
    sent: Requisition, administrator_user: User
) -> None:
    respond = [Permission.RESPOND_REQUISITIONS]
    mtn = create_key(administrator_user, "mtn", permissions=respond).key
    orange = create_key(administrator_user, "orange", permissions=respond).key
    address = f"/api/v1/partner/requisitions/{sent.reference}/pdf"

    response = Client().get(address, HTTP_AUTHORIZATION=f"Bearer {mtn}")
    refused = Client().get(address, HTTP_AUTHORIZATION=f"Bearer {orange}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert verify_pdf_signature(response.content).is_valid
    assert sent.reference in squeezed(pdf_text(response.content))
    assert refused.status_code == 404
    detail = Client().get(
        f"/api/v1/partner/requisitions/{sent.reference}", HTTP_AUTHORIZATION=f"Bearer {mtn}"
    )
    assert detail.json()["pdf_sha256"] == hashlib.sha256(response.content).hexdigest()


def test_a_key_rotation_keeps_the_same_letter(
    sent: Requisition, investigator_littoral: User, settings: Any
) -> None:
    old_key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [old_key]
    crypto._keys.cache_clear()
    client = personas.signed_in_client(investigator_littoral)
    first = client.get(letter_address(sent)).content
    new_key = Fernet.generate_key().decode()
    settings.EVIDENCE_KEYS = [new_key, old_key]
    crypto._keys.cache_clear()

    out = StringIO()
    call_command("rotate_evidence_keys", stdout=out, stderr=StringIO())

    assert "re-encrypted 1 requisition letters" in out.getvalue()
    settings.EVIDENCE_KEYS = [new_key]
    crypto._keys.cache_clear()
    assert client.get(letter_address(sent)).content == first
    assert AuditEvent.objects.filter(action="requisition.pdf_issued").count() == 1
    assert AuditEvent.objects.filter(
        action="requisition.pdf_reencrypted", object_id=sent.reference
    ).exists()
    crypto._keys.cache_clear()
