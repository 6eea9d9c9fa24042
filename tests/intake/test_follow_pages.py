"""Following a report from a browser: signing in with the tracking code, then adding to it."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import report_draft
from vigilance.intake import services
from vigilance.intake.models import Channel, Report, ReportEvent

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


def _file(**changes: object) -> services.SubmittedReport:
    return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def _signed_in(client: Client, submitted: services.SubmittedReport) -> str:
    response = client.post(
        "/en/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )
    assert response.status_code == 302
    return str(response["Location"])


def _error_summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def test_sign_in_page_has_the_two_fields_and_the_button(client: Client) -> None:
    page = client.get("/en/follow/").content.decode()

    assert 'name="reference"' in page
    assert 'name="tracking_code"' in page
    assert ">Reference</label>" in page
    assert ">Tracking code</label>" in page
    assert "Follow my report" in page


def test_code_typed_in_lower_case_with_spaces_opens_the_report(client: Client) -> None:
    submitted = _file()
    typed = submitted.tracking_code.lower().replace("-", " ")

    response = client.post(
        "/en/follow/",
        {"reference": f" {submitted.report.reference.lower()} ", "tracking_code": typed},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/follow/{submitted.report.reference}/"
    assert submitted.report.reference in page
    assert "Received" in page
    assert "Online buying or selling scam" in page
    assert "Report received" in page
    assert "<script>" not in page
    assert " style=" not in page
    assert response["Cache-Control"] == "no-store"


def test_wrong_code_and_unknown_reference_give_the_same_message(client: Client) -> None:
    submitted = _file()
    other = _file()

    wrong_code = client.post(
        "/en/follow/",
        {"reference": submitted.report.reference, "tracking_code": other.tracking_code},
    )
    unknown_reference = client.post(
        "/en/follow/", {"reference": "VIG-2026-999999", "tracking_code": submitted.tracking_code}
    )

    assert wrong_code.status_code == unknown_reference.status_code == 400
    assert _error_summary(wrong_code.content.decode()) == _error_summary(
        unknown_reference.content.decode()
    )
    assert "We found no report with this reference" in wrong_code.content.decode()


def test_empty_sign_in_form_names_the_missing_fields(client: Client) -> None:
    response = client.post("/en/follow/", {"reference": "", "tracking_code": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in page
    assert 'href="#id_reference"' in page
    assert 'href="#id_tracking_code"' in page


def test_report_page_without_signing_in_redirects_to_the_sign_in_form(client: Client) -> None:
    submitted = _file()

    existing = client.get(f"/en/follow/{submitted.report.reference}/")
    missing = client.get("/en/follow/VIG-2026-999999/")
    garbage = client.get("/en/follow/%3Cscript%3E/")

    assert existing.status_code == missing.status_code == garbage.status_code == 302
    assert existing["Location"] == missing["Location"] == garbage["Location"] == "/en/follow/"


def test_another_browser_cannot_open_a_followed_report(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)

    other_browser = Client()
    response = other_browser.get(page_url)
    information = other_browser.post(f"{page_url}information/", {"text": "Intrusion attempt"})

    assert client.get(page_url).status_code == 200
    assert response.status_code == 302
    assert response["Location"] == "/en/follow/"
    assert information.status_code == 302
    assert not ReportEvent.objects.filter(note="Intrusion attempt").exists()


def test_reporter_adds_information_seen_in_the_history(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.post(
        f"{page_url}information/", {"text": "The seller now uses 6 99 00 11 22."}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain == [(page_url, 302)]
    assert "The seller now uses 6 99 00 11 22." in page
    assert "your information was added" in page


def test_too_short_information_is_refused_and_kept(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.post(f"{page_url}information/", {"text": " x "})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Write what you want to add." in page
    assert 'id="id_text_error"' in page
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.INFORMATION_ADDED).count() == 0


def test_reporter_adds_an_evidence_file_listed_with_its_fingerprint(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.post(
        f"{page_url}evidence/",
        {"file": SimpleUploadedFile("capture.png", PNG, content_type="image/png")},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain == [(page_url, 302)]
    assert "capture.png" in page
    assert hashlib.sha256(PNG).hexdigest() in page
    assert submitted.report.evidence.count() == 1


def test_refused_file_type_is_explained_next_to_the_field(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)

    response = client.post(
        f"{page_url}evidence/",
        {"file": SimpleUploadedFile("photo.jpg", program, content_type="image/jpeg")},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This type of file is not accepted." in page
    assert 'id="id_file_error"' in page
    assert submitted.report.evidence.count() == 0


def test_too_large_file_is_explained_next_to_the_field(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 50
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.post(
        f"{page_url}evidence/",
        {"file": SimpleUploadedFile("capture.png", PNG, content_type="image/png")},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "This file is too large" in page
    assert 'id="id_file_error"' in page
    assert submitted.report.evidence.count() == 0


def test_identity_form_is_offered_only_for_an_anonymous_tip(client: Client) -> None:
    named = _file()
    page_url = _signed_in(client, named)

    assert "Complete your identity" not in client.get(page_url).content.decode()


def test_anonymous_tip_becomes_a_complaint_when_identity_is_completed(client: Client) -> None:
    submitted = _file(reporter=services.ReporterInput(is_anonymous=True))
    page_url = _signed_in(client, submitted)
    assert "Complete your identity" in client.get(page_url).content.decode()

    response = client.post(
        f"{page_url}identity/",
        {
            "type": "person",
            "role": "victim",
            "name": "Awa Mbarga",
            "phone": "677 12 34 56",
            "email": "",
        },
        follow=True,
    )

    report = Report.objects.get(pk=submitted.report.pk)
    assert response.redirect_chain == [(page_url, 302)]
    assert report.is_anonymous is False
    assert report.reporter_name == "Awa Mbarga"
    assert report.reporter_phone == "+237677123456"
    assert "Complete your identity" not in response.content.decode()


def test_identity_without_any_contact_is_refused_and_what_was_typed_is_kept(
    client: Client,
) -> None:
    submitted = _file(reporter=services.ReporterInput(is_anonymous=True))
    page_url = _signed_in(client, submitted)

    response = client.post(
        f"{page_url}identity/",
        {"type": "person", "role": "witness", "name": "Awa Mbarga", "phone": "", "email": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a phone number or an e-mail address" in page
    assert 'value="Awa Mbarga"' in page
    assert re.search(r'value="witness"[^>]*checked', page)
    assert Report.objects.get(pk=submitted.report.pk).is_anonymous is True


def test_stop_following_forgets_the_report_on_this_device(client: Client) -> None:
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.post(f"{page_url}stop/")

    assert response["Location"] == "/en/follow/"
    assert client.get(page_url)["Location"] == "/en/follow/"


def test_receipt_is_a_signed_pdf_attachment(client: Client, platform_certificate) -> None:  # type: ignore[no-untyped-def]
    submitted = _file()
    page_url = _signed_in(client, submitted)

    response = client.get(f"{page_url}receipt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")


def test_receipt_without_signing_in_redirects(client: Client) -> None:
    submitted = _file()

    response = client.get(f"/en/follow/{submitted.report.reference}/receipt.pdf")

    assert response.status_code == 302


def test_guessing_codes_beyond_the_limit_gets_the_429_page(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_FOLLOW_PER_IP = "3/h"
    submitted = _file()

    codes = [
        client.post(
            "/en/follow/",
            {"reference": submitted.report.reference, "tracking_code": f"GUESS-{n}"},
        ).status_code
        for n in range(3)
    ]
    refused = client.post(
        "/en/follow/",
        {"reference": submitted.report.reference, "tracking_code": submitted.tracking_code},
    )

    assert codes == [400, 400, 400]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert '<html lang="en">' in refused.content.decode()
    assert "Too many requests" in refused.content.decode()
