"""The report form's pages, driven step by step with Django's test client."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from vigilance.evidence.models import Evidence
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

WHO = {
    "is_anonymous": "no",
    "type": "person",
    "role": "victim",
    "name": "Awa Mbarga",
    "phone": "677 12 34 56",
    "email": "",
}


def what(**changes: str) -> dict[str, str]:
    values = {
        "category": "mobile_money_fraud",
        "incident_date": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "region": "CE",
        "department": "CE-MFOUNDI",
        "description": "Un faux agent MTN m'a appelé et j'ai envoyé 75 000 F à son numéro.",
    }
    values.update(changes)
    return values


SUSPECTS = {
    "rows": "3",
    "type_0": "phone",
    "value_0": "+237 6 99 88 77 66",
    "type_1": "email",
    "value_1": "Faux.Agent@Example.COM",
    "type_2": "phone",
    "value_2": "",
}
LOSS = {"has_loss": "yes", "amount": "75.000 FCFA", "currency": "XAF", "channel": "mtn_momo"}


def png(name: str = "capture.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "recu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def text_file(name: str = "messages.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Messages received from the scammer.\n", "text/plain")


def answer_until_evidence(client: Client, language: str = "fr") -> None:
    for step, data in (("who", WHO), ("what", what()), ("suspects", SUSPECTS), ("loss", LOSS)):
        response = client.post(f"/{language}/report/{step}/", data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def file_report(client: Client, language: str = "fr", files: Any = ()) -> Any:
    answer_until_evidence(client, language)
    client.post(f"/{language}/report/evidence/", {"files": list(files), "action": "continue"})
    return client.post(f"/{language}/report/review/", {"consent": "on"})


def test_report_start_redirects_to_the_first_step(client: Client) -> None:
    response = client.get("/en/report/")

    assert response.status_code == 302
    assert response["Location"] == "/en/report/who/"


def test_report_start_resumes_at_the_first_unfinished_step(client: Client) -> None:
    client.post("/en/report/who/", WHO)

    assert client.get("/en/report/")["Location"] == "/en/report/what/"


def test_whole_flow_in_french_with_two_evidence_files(client: Client) -> None:
    answer_until_evidence(client, "fr")
    response = client.post("/fr/report/evidence/", {"files": [png(), pdf()], "action": "upload"})
    assert response.status_code == 302
    page = client.get("/fr/report/evidence/").content.decode()
    assert "capture.png" in page
    assert "recu.pdf" in page
    assert client.post("/fr/report/evidence/", {"action": "continue"})["Location"] == (
        "/fr/report/review/"
    )

    review = client.get("/fr/report/review/")
    assert review.status_code == 200
    assert 'class="summary"' in review.content.decode()
    response = client.post("/fr/report/review/", {"consent": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/report/done/"
    report = Report.objects.get()
    assert report.channel == Channel.WEB
    assert report.language == "fr"
    assert report.reporter_phone == "+237677123456"
    assert report.department_id == "CE-MFOUNDI"
    assert report.loss_amount == 75000
    assert sorted(report.identifiers.values_list("type", "value")) == [
        ("email", "faux.agent@example.com"),
        ("phone", "+237699887766"),
    ]
    assert sorted(report.evidence.values_list("original_name", flat=True)) == [
        "capture.png",
        "recu.pdf",
    ]
    assert all(report.evidence.values_list("is_attached", flat=True))


def test_errors_keep_what_was_typed(client: Client) -> None:
    client.post("/en/report/who/", WHO)

    response = client.post("/en/report/what/", what(description="short"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Describe what happened in at least 10 characters." in page
    assert 'class="error-summary"' in page
    assert "short</textarea>" in page
    assert 'value="mobile_money_fraud" checked' in page
    assert 'aria-invalid="true"' in page


def test_bad_phone_is_refused_with_the_services_message(client: Client) -> None:
    response = client.post("/en/report/who/", {**WHO, "phone": "12"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "This phone number is not valid" in page
    assert 'value="12"' in page
    assert client.get("/en/report/")["Location"] == "/en/report/who/"


def test_anonymous_report_refuses_contact_details(client: Client) -> None:
    response = client.post("/en/report/who/", {**WHO, "is_anonymous": "yes"})

    assert "An anonymous report cannot carry your name or contact details." in (
        response.content.decode()
    )


def test_department_outside_the_region_is_refused(client: Client) -> None:
    client.post("/en/report/who/", WHO)

    response = client.post("/en/report/what/", what(region="CE", department="LT-WOURI"))

    assert response.status_code == 400
    assert "This department is not in the region chosen." in response.content.decode()


def test_date_in_the_future_is_refused(client: Client) -> None:
    client.post("/en/report/who/", WHO)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()

    response = client.post("/en/report/what/", what(incident_date=tomorrow))

    assert "The date cannot be in the future." in response.content.decode()


def test_departments_are_grouped_by_region(client: Client) -> None:
    client.post("/en/report/who/", WHO)

    page = client.get("/en/report/what/").content.decode()

    assert '<optgroup label="Littoral">' in page
    assert 'value="LT-WOURI"' in page


def test_identifier_rows_show_errors_next_to_their_value(client: Client) -> None:
    client.post("/en/report/who/", WHO)
    client.post("/en/report/what/", what())

    response = client.post("/en/report/suspects/", {**SUSPECTS, "value_1": "not an address"})

    page = response.content.decode()
    assert 'id="id_value_1_error"' in page
    assert "This is not an e-mail address." in page
    assert 'value="+237 6 99 88 77 66"' in page


def test_add_another_identifier_keeps_values_and_adds_a_row(client: Client) -> None:
    response = client.post("/en/report/suspects/", {**SUSPECTS, "add_row": "1"})

    page = response.content.decode()
    assert page.count("data-identifier-row>") == 4
    assert 'value="+237 6 99 88 77 66"' in page
    assert 'name="value_3"' in page
    assert "error-summary" not in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5000", "The amount cannot be negative."),
        ("90000000000000", "This amount is too large to be real"),
        ("beaucoup", "Write the amount in figures"),
    ],
)
def test_bad_amounts_are_refused_with_a_clear_message(
    client: Client, amount: str, message: str
) -> None:
    response = client.post("/en/report/loss/", {**LOSS, "amount": amount})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_nothing_lost_needs_no_amount(client: Client) -> None:
    answer_until_evidence(client, "en")

    response = client.post("/en/report/loss/", {"has_loss": "no", "currency": "XAF"})

    assert response["Location"] == "/en/report/evidence/"


def test_a_refused_file_among_accepted_ones_gets_its_own_message(client: Client) -> None:
    answer_until_evidence(client, "en")
    bad = SimpleUploadedFile("programme.exe", EXECUTABLE)

    response = client.post(
        "/en/report/evidence/", {"files": [png(), bad, pdf()], "action": "continue"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "programme.exe" in page
    assert "This type of file is not accepted." in page
    assert "capture.png" in page
    assert "recu.pdf" in page
    assert Evidence.objects.filter(is_attached=False).count() == 2


def test_too_many_files_are_refused_one_by_one(client: Client, settings: Settings) -> None:
    settings.EVIDENCE_MAX_FILES = 2
    answer_until_evidence(client, "en")

    response = client.post("/en/report/evidence/", {"files": [png("a.png"), pdf(), text_file()]})

    page = response.content.decode()
    assert response.status_code == 400
    assert "At most 2 files per report." in page
    assert Evidence.objects.count() == 2


def test_a_staged_file_can_be_removed(client: Client) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"files": [png(), pdf()], "action": "upload"})
    removed = Evidence.objects.get(original_name="capture.png")

    client.post("/en/report/evidence/", {"remove": str(removed.public_id)})
    client.post("/en/report/review/", {"consent": "on"})

    report = Report.objects.get()
    assert list(report.evidence.values_list("original_name", flat=True)) == ["recu.pdf"]


def test_child_abuse_asks_for_the_place_and_takes_no_file(client: Client) -> None:
    client.post("/en/report/who/", WHO)
    client.post(
        "/en/report/what/",
        what(category="child_sexual_abuse", description="A group shares pictures of children."),
    )
    client.post("/en/report/suspects/", {"rows": "1", "type_0": "phone", "value_0": ""})
    client.post("/en/report/loss/", {"has_loss": "no", "currency": "XAF"})

    page = client.get("/en/report/evidence/").content.decode()
    assert "Do not send any picture or video of a child." in page
    assert 'type="file"' not in page
    client.post("/en/report/evidence/", {"seen_at": "https://chat.example.com/g/abc"})
    client.post("/en/report/review/", {"consent": "on"})

    report = Report.objects.get()
    assert "https://chat.example.com/g/abc" in report.description
    assert report.identifiers.filter(type="url").exists()
    assert report.evidence.count() == 0


def test_honeypot_refuses_and_saves_nothing(client: Client) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"action": "continue"})

    response = client.post("/en/report/review/", {"consent": "on", "website": "http://spam"})

    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_review_without_consent_says_why(client: Client) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"action": "continue"})

    response = client.post("/en/report/review/", {})

    assert response.status_code == 400
    assert "accept the notice on personal data" in response.content.decode()
    assert Report.objects.count() == 0


def test_review_of_an_unfinished_draft_sends_to_the_first_unfinished_step(
    client: Client,
) -> None:
    client.post("/en/report/who/", WHO)

    response = client.post("/en/report/review/", {"consent": "on"})

    assert response["Location"] == "/en/report/what/"
    assert Report.objects.count() == 0


def test_an_error_found_at_submission_sends_back_to_its_step(client: Client) -> None:
    answer_until_evidence(client, "en")
    client.post("/en/report/evidence/", {"action": "continue"})
    session = client.session
    session["report_draft"]["who"]["phone"] = "12"
    session.save()

    response = client.post("/en/report/review/", {"consent": "on"})

    assert response["Location"] == "/en/report/who/"
    assert "This phone number is not valid" in client.get("/en/report/who/").content.decode()


def test_done_page_shows_the_tracking_code_once(client: Client) -> None:
    file_report(client, "en")
    reference = Report.objects.get().reference

    first = client.get("/en/report/done/").content.decode()
    second = client.get("/en/report/done/").content.decode()

    assert reference in first
    assert reference in second
    assert "data-tracking-code" in first
    assert 'src="data:image/svg+xml;base64,' in first
    assert "data-tracking-code" not in second
    assert "The tracking code was shown only once" in second


def test_receipt_is_given_only_to_the_session_that_filed(
    client: Client, platform_certificate: object
) -> None:
    file_report(client, "en")
    reference = Report.objects.get().reference
    url = f"/en/report/receipt/{reference}.pdf"

    response = client.get(url)
    other = Client().get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert other.status_code == 404


def test_csrf_token_is_required() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/en/report/who/")
    token = page.cookies["csrftoken"].value

    refused = client.post("/en/report/who/", WHO)
    accepted = client.post("/en/report/who/", {**WHO, "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 302


def test_privacy_page_shows_the_full_notice(client: Client) -> None:
    response = client.get("/en/report/privacy/")

    assert response.status_code == 200
    assert "data-protection officer" in response.content.decode()


def test_unknown_step_is_not_found(client: Client) -> None:
    assert client.get("/en/report/nowhere/").status_code == 404
