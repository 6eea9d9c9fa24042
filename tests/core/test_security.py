"""Security headers on every answer, and rate limits on public endpoints."""

import pytest
from django.test import Client

from tests.factories import report_payload

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    response = client.get("/fr/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_root_redirects_to_the_browser_language(client: Client) -> None:
    english = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    french = client.get("/", headers={"accept-language": "fr-CM,fr;q=0.9"})

    assert english.status_code == french.status_code == 302
    assert english["Location"] == "/en/"
    assert french["Location"] == "/fr/"


def test_submissions_beyond_the_limit_get_429_with_retry_after(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_SUBMIT_PER_IP = "2/h"

    answers = [
        client.post(
            "/api/v1/reports", report_payload(), content_type="application/json"
        ).status_code
        for _ in range(3)
    ]
    refused = client.post("/api/v1/reports", report_payload(), content_type="application/json")

    assert answers == [201, 201, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert refused.json()["error"]["code"] == "rate_limited"


def test_the_limit_is_per_address(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_SUBMIT_PER_IP = "1/h"

    first = client.post(
        "/api/v1/reports", report_payload(), content_type="application/json", REMOTE_ADDR="10.0.0.1"
    )
    other = client.post(
        "/api/v1/reports", report_payload(), content_type="application/json", REMOTE_ADDR="10.0.0.2"
    )

    assert (first.status_code, other.status_code) == (201, 201)


def test_the_whole_platform_has_a_limit_too(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_SUBMIT_GLOBAL = "2/m"

    codes = [
        client.post(
            "/api/v1/reports",
            report_payload(),
            content_type="application/json",
            REMOTE_ADDR=f"10.0.1.{n}",
        ).status_code
        for n in range(3)
    ]

    assert codes == [201, 201, 429]


def test_following_is_rate_limited_against_code_guessing(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_FOLLOW_PER_IP = "3/h"

    codes = [
        client.get(
            "/api/v1/reports/VIG-2026-000001", headers={"x-tracking-code": f"GUESS-{n}"}
        ).status_code
        for n in range(4)
    ]

    assert codes == [404, 404, 404, 429]


def test_health_probes_answer(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True}


def test_api_documentation_is_served_without_any_outside_host(client: Client) -> None:
    response = client.get("/api/v1/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "http://" not in page
    assert "https://" not in page
