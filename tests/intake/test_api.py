"""The public reporting API: filing, adding evidence, following (CONTRACT.md)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import report_payload
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
    b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def file_report(client: Client, **changes):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/reports", report_payload(**changes), content_type="application/json"
    )


def test_filing_a_report_returns_reference_and_tracking_code(client: Client) -> None:
    response = file_report(client)

    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("VIG-")
    assert len(body["tracking_code"].replace("-", "")) == 16
    assert body["status"] == "received"
    assert body["receipt_url"] == f"/api/v1/reports/{body['reference']}/receipt.pdf"
    report = Report.objects.get(reference=body["reference"])
    assert report.reporter_phone == "+237677123456"
    assert sorted(report.identifiers.values_list("type", "value")) == [
        ("email", "faux.agent@example.com"),
        ("momo_account", "+237650112233"),
        ("phone", "+237699887766"),
    ]


def test_references_follow_each_other(client: Client) -> None:
    first = file_report(client).json()["reference"]
    second = file_report(client).json()["reference"]

    assert int(second.rsplit("-", 1)[1]) == int(first.rsplit("-", 1)[1]) + 1


def test_tracking_code_is_stored_hashed(client: Client) -> None:
    body = file_report(client).json()

    report = Report.objects.get(reference=body["reference"])
    assert body["tracking_code"] not in report.tracking_code_hash
    assert report.tracking_code_hash != body["tracking_code"].replace("-", "")


def test_invalid_fields_are_all_named_in_the_error(client: Client) -> None:
    response = file_report(
        client,
        category="not_a_category",
        region="XX",
        suspects=[{"type": "phone", "value": "12"}],
        consent=False,
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"category", "region", "suspects.0.value", "consent"}
    assert Report.objects.count() == 0


def test_errors_speak_the_language_of_the_request(client: Client) -> None:
    response = client.post(
        "/api/v1/reports",
        report_payload(consent=False),
        content_type="application/json",
        headers={"accept-language": "fr"},
    )

    assert "données personnelles" in response.json()["error"]["fields"]["consent"][0]


def test_malformed_json_is_a_400_not_a_crash(client: Client) -> None:
    response = client.post("/api/v1/reports", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_unknown_fields_are_refused(client: Client) -> None:
    response = file_report(client, status="closed")

    assert response.status_code == 422
    assert "status" in response.json()["error"]["fields"]


def test_following_needs_the_right_code_and_answers_404_otherwise(client: Client) -> None:
    body = file_report(client).json()
    reference = body["reference"]

    right = client.get(
        f"/api/v1/reports/{reference}", headers={"x-tracking-code": body["tracking_code"]}
    )
    wrong = client.get(
        f"/api/v1/reports/{reference}", headers={"x-tracking-code": "AAAA-BBBB-CCCC-DDDD"}
    )
    unknown = client.get(
        "/api/v1/reports/VIG-2026-999999", headers={"x-tracking-code": body["tracking_code"]}
    )

    assert right.status_code == 200
    assert right.json()["history"][0]["kind"] == "submitted"
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_evidence_upload_is_hashed_and_listed(client: Client) -> None:
    body = file_report(client).json()
    headers = {"x-tracking-code": body["tracking_code"]}

    response = client.post(
        f"/api/v1/reports/{body['reference']}/evidence",
        {"file": SimpleUploadedFile("capture.png", PNG, content_type="image/png")},
        headers=headers,
    )

    assert response.status_code == 201
    assert response.json() == {
        "sha256": hashlib.sha256(PNG).hexdigest(),
        "size": len(PNG),
        "content_type": "image/png",
    }
    listed = client.get(f"/api/v1/reports/{body['reference']}", headers=headers).json()["evidence"]
    assert [item["sha256"] for item in listed] == [hashlib.sha256(PNG).hexdigest()]


def test_evidence_of_a_forbidden_type_is_refused_whatever_its_name(client: Client) -> None:
    body = file_report(client).json()

    response = client.post(
        f"/api/v1/reports/{body['reference']}/evidence",
        {
            "file": SimpleUploadedFile(
                "photo.png", b"MZ\x90\x00" + bytes(200), content_type="image/png"
            )
        },
        headers={"x-tracking-code": body["tracking_code"]},
    )

    assert response.status_code == 422
    assert "file" in response.json()["error"]["fields"]


def test_reporter_adds_information_later(client: Client) -> None:
    body = file_report(client).json()

    response = client.post(
        f"/api/v1/reports/{body['reference']}/information",
        {"text": "He called again from another number: 655 44 33 22."},
        content_type="application/json",
        headers={"x-tracking-code": body["tracking_code"]},
    )

    assert response.status_code == 201
    history = response.json()["history"]
    assert [entry["kind"] for entry in history] == ["submitted", "information_added"]
    assert "655 44 33 22" in history[-1]["note"]


def test_anonymous_tip_becomes_a_complaint_with_the_tracking_code(client: Client) -> None:
    body = file_report(client, reporter={"type": "person", "anonymous": True}).json()
    headers = {"x-tracking-code": body["tracking_code"]}

    response = client.post(
        f"/api/v1/reports/{body['reference']}/identity",
        {"type": "person", "name": "Chantal Nkeng", "email": "chantal@example.cm"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 200
    assert response.json()["is_anonymous"] is False
    report = Report.objects.get(reference=body["reference"])
    assert (report.reporter_name, report.reporter_email) == ("Chantal Nkeng", "chantal@example.cm")


def test_anonymous_report_refuses_contact_details(client: Client) -> None:
    response = file_report(
        client, reporter={"type": "person", "anonymous": True, "name": "Someone"}
    )

    assert response.status_code == 422
    assert "reporter.name" in response.json()["error"]["fields"]


def test_a_wrong_code_cannot_add_information(client: Client) -> None:
    body = file_report(client).json()

    response = client.post(
        f"/api/v1/reports/{body['reference']}/information",
        {"text": "Injected by a stranger"},
        content_type="application/json",
        headers={"x-tracking-code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"},
    )

    assert response.status_code == 404
    assert Report.objects.get(reference=body["reference"]).events.count() == 1


def upload(client: Client, body: dict[str, str], name: str, content: bytes, content_type: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/reports/{body['reference']}/evidence",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        headers={"x-tracking-code": body["tracking_code"], "accept-language": "en"},
    )


def listed_evidence(client: Client, body: dict[str, str]) -> list[dict[str, str]]:
    headers = {"x-tracking-code": body["tracking_code"]}
    return client.get(f"/api/v1/reports/{body['reference']}", headers=headers).json()["evidence"]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), "image/jpeg"),
        (b"#!/bin/bash\nrm -rf ~\n", "image/jpeg"),
        (b"<!doctype html><html><body onload='steal()'>MTN</body></html>", "text/html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/jpeg"),
    ],
    ids=["windows-executable", "shell-script", "html", "svg"],
)
def test_programs_and_active_documents_are_refused_even_named_jpg(
    client: Client, content: bytes, content_type: str
) -> None:
    body = file_report(client).json()

    response = upload(client, body, "photo.jpg", content, content_type)

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["file"] == [
        "This type of file is not accepted. Send pictures (JPEG, PNG), PDF documents, "
        "audio recordings, short videos, e-mails or text files."
    ]
    assert listed_evidence(client, body) == []


def test_a_polyglot_is_kept_as_the_type_its_content_shows(client: Client) -> None:
    body = file_report(client).json()
    polyglot = (
        PNG
        + b"PK\x03\x04\x14\x00\x00\x00\x00\x00"
        + b"payload.js alert(1)"
        + b"PK\x05\x06"
        + bytes(18)
    )

    response = upload(client, body, "archive.zip", polyglot, "application/zip")

    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"
    assert response.json()["sha256"] == hashlib.sha256(polyglot).hexdigest()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("re\x07\x1bcu.png", "recu.png"),
    ],
)
def test_file_names_are_shown_sanitised_and_never_used_as_paths(
    client: Client, settings, name: str, shown: str
) -> None:  # type: ignore[no-untyped-def]
    body = file_report(client).json()

    response = upload(client, body, name, PNG, "image/png")

    assert response.status_code == 201
    assert [item["name"] for item in listed_evidence(client, body)] == [shown]
    stored = Report.objects.get(reference=body["reference"]).evidence.get()
    assert stored.storage_name.endswith(".enc")
    assert shown not in stored.storage_name
    assert not (settings.EVIDENCE_ROOT.parent / "etc").exists()


def test_a_file_over_the_size_limit_gets_a_clear_422(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 1000
    body = file_report(client).json()

    response = upload(client, body, "long.txt", b"a" * 1001, "text/plain")

    assert response.status_code == 422
    message = response.json()["error"]["fields"]["file"][0]
    assert message.startswith("This file is too large: the limit is 1000")
    assert listed_evidence(client, body) == []


def test_the_eleventh_file_is_refused(client: Client) -> None:
    body = file_report(client).json()

    codes = [
        upload(client, body, f"note{n}.txt", f"Message {n} du suspect".encode(), "text/plain")
        for n in range(11)
    ]

    assert [r.status_code for r in codes] == [201] * 10 + [422]
    assert codes[-1].json()["error"]["fields"]["evidence"] == ["At most 10 files per report."]
    assert len(listed_evidence(client, body)) == 10


def test_an_empty_file_is_refused(client: Client) -> None:
    body = file_report(client).json()

    response = upload(client, body, "vide.jpg", b"", "image/jpeg")

    assert response.status_code == 422
    assert "file" in response.json()["error"]["fields"]
    assert listed_evidence(client, body) == []
