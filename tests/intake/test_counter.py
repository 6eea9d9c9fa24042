"""Filing a report for a victim at a counter or on the phone: who may, what is recorded, the receipt."""

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.core.signing import verify_pdf_signature
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db

URL = "/en/staff/counter/"


def _answers(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "phone",
        "language": "fr",
        "category": "mobile_money_fraud",
        "description": "Un faux agent MTN a appelé et a demandé le code de retrait.",
        "incident_date": (dt.date.today() - dt.timedelta(days=2)).isoformat(),
        "region": "CE",
        "department": "",
        "victim_name": "Mireille Atangana",
        "victim_phone": "6 77 12 34 56",
        "victim_email": "",
        "rows": "3",
        "type_0": "phone",
        "value_0": "+237 6 99 88 77 66",
        "type_1": "momo_account",
        "value_1": "",
        "type_2": "phone",
        "value_2": "",
        "loss_amount": "75 000",
        "loss_currency": "XAF",
        "loss_channel": "mtn_momo",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _file(client: Client, **changes: Any) -> Report:
    response = client.post(URL, _answers(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/en/staff/counter/done/"
    return Report.objects.get()


def test_intake_officer_files_a_phone_report_recorded_in_their_name(
    intake_officer: User,
) -> None:
    client = personas.signed_in_client(intake_officer)

    report = _file(client)

    assert report.channel == Channel.PHONE
    assert report.filed_by == intake_officer
    assert report.reporter_name == "Mireille Atangana"
    assert report.reporter_phone == "+237677123456"
    assert report.language == "fr"
    assert report.loss_amount == 75000
    assert [(i.type, i.value) for i in report.identifiers.all()] == [("phone", "+237699887766")]
    event = AuditEvent.objects.get(action="report.submitted", object_id=report.reference)
    assert event.actor_id == intake_officer.pk
    assert event.details["channel"] == "phone"


def test_done_page_shows_the_tracking_code_once_and_never_in_a_url(intake_officer: User) -> None:
    client = personas.signed_in_client(intake_officer)
    report = _file(client, channel="counter")

    first = client.get("/en/staff/counter/done/").content.decode()
    again = client.get("/en/staff/counter/done/").content.decode()

    code = re.search(r"data-tracking-code>([0-9A-Z-]+)<", first)
    assert code, "the tracking code is not on the done page"
    assert report.reference in first
    assert report.channel == Channel.COUNTER
    assert code.group(1) not in again
    assert "data-tracking-code" not in again
    assert report.reference in again
    hrefs = " ".join(re.findall(r'(?:href|action|src)="([^"]*)"', first))
    assert code.group(1) not in hrefs
    assert f"/en/staff/counter/{report.reference}/receipt.pdf" in hrefs


def test_officer_who_filed_downloads_the_signed_receipt_and_the_download_is_audited(
    intake_officer: User, platform_certificate: object
) -> None:
    client = personas.signed_in_client(intake_officer)
    report = _file(client)

    response = client.get(f"/en/staff/counter/{report.reference}/receipt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    assert verify_pdf_signature(response.content).is_valid
    assert AuditEvent.objects.filter(
        action="report.receipt_downloaded", object_id=report.reference, actor_id=intake_officer.pk
    ).exists()


def test_another_staff_member_gets_404_for_the_receipt(
    intake_officer: User, triage_officer: User
) -> None:
    report = _file(personas.signed_in_client(intake_officer))

    other = personas.signed_in_client(triage_officer)
    response = other.get(f"/en/staff/counter/{report.reference}/receipt.pdf")

    assert response.status_code == 404


def test_receipt_is_404_for_a_report_not_filed_by_this_officer(intake_officer: User) -> None:
    client = personas.signed_in_client(intake_officer)
    _file(client)
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(filed_by=None)

    response = client.get(f"/en/staff/counter/{report.reference}/receipt.pdf")

    assert response.status_code == 404


def test_missing_consent_is_refused_with_a_message_and_keeps_what_was_typed(
    intake_officer: User,
) -> None:
    client = personas.signed_in_client(intake_officer)

    response = client.post(URL, _answers(consent=None))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Read the notice on personal data to the victim" in page
    assert "Mireille Atangana" in page
    assert "+237 6 99 88 77 66" in page
    assert not Report.objects.exists()


def test_invalid_identifier_is_shown_next_to_its_row(intake_officer: User) -> None:
    client = personas.signed_in_client(intake_officer)

    response = client.post(URL, _answers(value_0="", type_2="email", value_2="not an address"))

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_value_2_error"' in page
    assert 'value="not an address"' in page
    assert not Report.objects.exists()


def test_victim_without_any_contact_is_refused(intake_officer: User) -> None:
    client = personas.signed_in_client(intake_officer)

    response = client.post(URL, _answers(victim_phone=""))

    assert response.status_code == 400
    assert 'id="id_victim_phone_error"' in response.content.decode()
    assert not Report.objects.exists()


def test_add_row_button_keeps_the_answers_and_adds_a_row(intake_officer: User) -> None:
    client = personas.signed_in_client(intake_officer)

    response = client.post(URL, _answers(add_row="1"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="value_3"' in page
    assert "Mireille Atangana" in page
    assert not Report.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/sign-in/")


def test_an_investigator_cannot_file_for_a_victim(investigator_centre: User) -> None:
    client = personas.signed_in_client(investigator_centre)

    assert client.get(URL).status_code == 404
    assert client.post(URL, _answers()).status_code == 404
    assert not Report.objects.exists()


def test_form_page_offers_both_channels_and_the_consent_box(intake_officer: User) -> None:
    page = personas.signed_in_client(intake_officer).get(URL).content.decode()

    assert 'value="counter"' in page
    assert 'value="phone"' in page
    assert 'name="consent"' in page
