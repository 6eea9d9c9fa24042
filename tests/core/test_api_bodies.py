"""The public API reads JSON bodies only, and answers every body it refuses in the error shape.

A web page on another site can make its visitors' browsers POST a form or a ``text/plain`` body
without asking the platform first (no CORS preflight); such bodies are refused with a 415.
"""

import json

import pytest
from django.test import Client

from tests.factories import report_payload
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports"
EN = {"accept-language": "en"}


def post(client: Client, path: str, body: bytes | str, content_type: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type=content_type, headers={**EN, **headers})


def test_a_text_plain_body_holding_valid_json_files_nothing(client: Client) -> None:
    answer = post(client, REPORTS, json.dumps(report_payload()), "text/plain")

    assert answer.status_code == 415
    assert answer.json() == {
        "error": {
            "code": "unsupported_media_type",
            "message": "Send the body as JSON, with the header Content-Type: application/json.",
        }
    }
    assert not Report.objects.exists()


def test_a_form_body_files_nothing(client: Client) -> None:
    answer = post(
        client,
        REPORTS,
        "category=mobile_money_fraud&consent=true",
        "application/x-www-form-urlencoded",
    )

    assert answer.status_code == 415
    assert answer.json()["error"]["code"] == "unsupported_media_type"
    assert not Report.objects.exists()


def test_a_multipart_body_files_nothing(client: Client) -> None:
    answer = client.post(REPORTS, {"payload": json.dumps(report_payload())}, headers=EN)

    assert answer.status_code == 415
    assert not Report.objects.exists()


def test_the_refusal_speaks_french_to_a_french_caller(client: Client) -> None:
    answer = post(
        client, REPORTS, json.dumps(report_payload()), "text/plain", **{"accept-language": "fr"}
    )

    message = answer.json()["error"]["message"]
    assert answer.status_code == 415
    assert "JSON" in message
    assert not message.startswith("Send")


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_json_bodies_are_accepted_with_or_without_a_charset(
    client: Client, content_type: str
) -> None:
    answer = post(client, REPORTS, json.dumps(report_payload()), content_type)

    assert answer.status_code == 201


def test_a_dispute_sent_as_text_plain_is_refused(client: Client) -> None:
    body = json.dumps(
        {
            "type": "phone",
            "value": "+237699887766",
            "name": "Awa",
            "contact": "awa@example.cm",
            "statement": "It is my number.",
            "attestation": True,
        }
    )

    answer = post(client, "/api/v1/disputes", body, "text/plain")

    assert answer.status_code == 415


@pytest.mark.parametrize("endpoint", ["information", "identity"])
def test_follow_up_bodies_sent_as_text_plain_are_refused(client: Client, endpoint: str) -> None:
    filed = post(client, REPORTS, json.dumps(report_payload()), "application/json").json()

    answer = post(
        client,
        f"/api/v1/reports/{filed['reference']}/{endpoint}",
        json.dumps({"text": "He called again."} if endpoint == "information" else {}),
        "text/plain",
        **{"x-tracking-code": filed["tracking_code"]},
    )

    assert answer.status_code == 415


def test_malformed_json_is_a_400_in_the_error_shape_and_the_callers_language(
    client: Client,
) -> None:
    answer = post(client, REPORTS, '{"category": ', "application/json")

    assert answer.status_code == 400
    assert answer.json() == {
        "error": {"code": "http_400", "message": "The request body is not valid JSON."}
    }


def test_a_body_beyond_the_upload_limit_is_a_413_in_the_error_shape(
    client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = {**report_payload(), "description": "x" * 2000}

    answer = post(client, REPORTS, json.dumps(payload), "application/json")

    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"


def test_the_public_api_grants_no_other_site_the_right_to_read_its_answers(
    client: Client,
) -> None:
    preflight = client.options(
        REPORTS,
        headers={
            "origin": "https://evil.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    answer = post(
        client,
        REPORTS,
        json.dumps(report_payload()),
        "application/json",
        origin="https://evil.example",
    )

    for response in (preflight, answer):
        assert not any(name.lower().startswith("access-control-") for name in response.headers)


def test_the_openapi_document_lists_the_answers_given_before_a_handler_runs(
    client: Client,
) -> None:
    document = client.get("/api/v1/openapi.json").json()

    submit = document["paths"]["/api/v1/reports"]["post"]["responses"]
    follow = document["paths"]["/api/v1/reports/{reference}"]["get"]["responses"]
    upload = document["paths"]["/api/v1/reports/{reference}/evidence"]["post"]["responses"]
    assert {"400", "413", "415", "414", "422", "429"} <= set(submit)
    assert {"404", "414", "429"} <= set(follow)
    assert "415" not in follow
    assert {"400", "413"} <= set(upload)
    assert "415" not in upload  # multipart by contract
    assert submit["415"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_the_openapi_document_refuses_the_empty_strings_the_service_refuses(
    client: Client,
) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    report = schemas["ReportIn"]["properties"]
    assert report["category"]["minLength"] == 1
    assert report["region"]["minLength"] == 1
    assert report["description"]["minLength"] == 10
    assert schemas["IdentifierIn"]["properties"]["value"]["minLength"] == 1
    assert schemas["InformationIn"]["properties"]["text"]["minLength"] == 2
    assert schemas["DisputeIn"]["properties"]["statement"]["pattern"] == r"\S"


def test_a_blank_description_is_refused_by_the_schema_with_a_readable_message(
    client: Client,
) -> None:
    payload = {**report_payload(), "description": "          x          "}

    answer = post(client, REPORTS, json.dumps(payload), "application/json")

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == {"description": ["This text is too short."]}
