"""A NUL character anywhere a person can put text gets a clear 4xx in their language, never a
database error (PostgreSQL refuses NUL in text), and nothing is stored."""

import json

import pytest
from django.test import Client

from tests.factories import report_payload
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}
MESSAGE_EN = "The request contains a null character (\\0), which is not allowed in text."


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/alerts?region=%00&page=-3", "region"),
        ("/api/v1/alerts?category=x%00y", "category"),
        ("/api/v1/lookup?type=phone&value=%2B237%00650000000", "value"),
        ("/api/v1/alerts?na%00me=1", "na\ufffdme"),
    ],
)
def test_an_api_query_holding_nul_gets_a_400_naming_the_field(
    client: Client, path: str, field: str
) -> None:
    answer = client.get(path, headers=EN)

    assert answer.status_code == 400
    assert answer.json() == {
        "error": {"code": "null_character", "message": MESSAGE_EN, "fields": {field: [MESSAGE_EN]}}
    }


def test_a_json_report_holding_nul_deep_inside_is_refused_and_not_stored(client: Client) -> None:
    payload = report_payload()
    payload["description"] = "They asked for money\x00 then vanished"

    answer = client.post(
        "/api/v1/reports", json.dumps(payload), content_type="application/json", headers=EN
    )

    assert answer.status_code == 400
    assert answer.json()["error"]["fields"] == {"body": [MESSAGE_EN]}
    assert not Report.objects.exists()


def test_a_clean_json_report_still_goes_through(client: Client) -> None:
    answer = client.post(
        "/api/v1/reports", json.dumps(report_payload()), content_type="application/json"
    )

    assert answer.status_code == 201
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/fr/check/?value=abc%00", "Le texte envoyé contient un caractère nul"),
        ("/en/follow/VIG%00X/", "The request contains a null character"),
    ],
)
def test_a_page_holding_nul_gets_a_400_page_in_its_language(
    client: Client, path: str, message: str
) -> None:
    answer = client.get(path)

    assert answer.status_code == 400
    assert message in answer.content.decode()


def test_a_form_post_holding_nul_gets_a_400(client: Client) -> None:
    answer = client.post("/en/staff/sign-in/", {"username": "ana\x00", "password": "x"})

    assert answer.status_code == 400


def test_every_operation_documents_the_400_for_a_null_character(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()

    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) > 20
    assert all("400" in operation["responses"] for operation in operations)


def test_a_json_key_holding_nul_is_refused(client: Client) -> None:
    body = json.dumps(report_payload()).replace('"category"', '"cat\\u0000egory"', 1)

    answer = client.post("/api/v1/reports", body, content_type="application/json", headers=EN)

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "null_character"


def test_a_backslash_written_before_u0000_is_text_and_goes_through(client: Client) -> None:
    payload = report_payload()
    payload["description"] = "The SMS said \\u0000 then asked for money"

    answer = client.post(
        "/api/v1/reports", json.dumps(payload), content_type="application/json", headers=EN
    )

    assert answer.status_code == 201
    assert "\\u0000" in Report.objects.get().description


def test_a_utf16_json_report_holding_nul_is_refused(client: Client) -> None:
    payload = report_payload()
    payload["description"] = "They asked for money\x00 then vanished"

    answer = client.post(
        "/api/v1/reports",
        json.dumps(payload).encode("utf-16"),
        content_type="application/json",
        headers=EN,
    )

    assert answer.status_code == 400
    assert not Report.objects.exists()
