"""Security headers on every answer, and rate limits on public endpoints."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from tests.factories import report_payload
from vigilance import settings as configured
from vigilance.evidence.services import IncomingFile, evidence_receive

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


RATE_LIMITED_EN = "Too many requests from your connection. Please wait a little and try again."


def follow_until_refused(client: Client, language: str = "en") -> list:  # type: ignore[type-arg]
    return [
        client.get(
            "/api/v1/reports/VIG-2026-000001",
            headers={"x-tracking-code": f"GUESS-{n}", "accept-language": language},
        )
        for n in range(3)
    ]


def test_following_beyond_the_limit_answers_the_contract_429(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_FOLLOW_PER_IP = "2/h"

    answers = follow_until_refused(client)

    refused = answers[-1]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert refused["Retry-After"] == "3600"
    assert refused["Content-Type"] == "application/json"
    assert refused.json() == {"error": {"code": "rate_limited", "message": RATE_LIMITED_EN}}


def test_the_429_message_speaks_the_language_of_the_request(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RATE_FOLLOW_PER_IP = "2/h"

    english = follow_until_refused(client, "en")[-1].json()["error"]["message"]
    french = follow_until_refused(Client(REMOTE_ADDR="10.9.9.9"), "fr")[-1].json()["error"][
        "message"
    ]

    assert english == RATE_LIMITED_EN
    assert french
    assert french != english


def test_the_session_cookie_is_http_only_and_same_site(settings) -> None:  # type: ignore[no-untyped-def]
    def view(request: HttpRequest) -> HttpResponse:
        request.session["step"] = "category"
        return HttpResponse()

    response = SessionMiddleware(view)(RequestFactory().get("/en/report/"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_http_only_and_same_site(client: Client) -> None:
    response = client.get("/en/follow/")

    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_https_deployments_send_hsts_and_secure_cookies() -> None:
    """Settings are read once at start-up, so HTTPS=true is given to a fresh process."""
    probe = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.test import Client; "
        "r = Client().get('/healthz', secure=True); "
        "print(json.dumps({'hsts': r.headers.get('Strict-Transport-Security'), "
        "'session': settings.SESSION_COOKIE_SECURE, 'csrf': settings.CSRF_COOKIE_SECURE}))"
    )
    environment = {**os.environ, "HTTPS": "true", "DJANGO_SETTINGS_MODULE": "vigilance.settings"}

    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )

    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in seen["hsts"]
    assert seen["session"] is seen["csrf"] is True


def test_evidence_is_never_served_from_a_public_path(client: Client) -> None:
    evidence = evidence_receive(
        incoming=IncomingFile(name="capture.txt", content=b"Code OTP 482913 du client."),
        actor_label="reporter",
    )
    name = evidence.storage_name

    paths = [
        f"/static/{name}",
        f"/static/evidence/{name[:2]}/{name}",
        f"/static/media/evidence/{name[:2]}/{name}",
        f"/media/{name}",
        f"/media/evidence/{name[:2]}/{name}",
        f"/fr/media/evidence/{name[:2]}/{name}",
    ]

    assert [client.get(path).status_code for path in paths] == [404] * len(paths)


def test_the_evidence_store_is_outside_every_folder_served_as_static() -> None:
    evidence_root = Path(configured.EVIDENCE_ROOT).resolve()
    served = [Path(configured.STATIC_ROOT)]
    for finder in finders.get_finders():
        served += [Path(root) for _prefix, root in getattr(finder, "locations", [])]
        served += [Path(s.location) for s in getattr(finder, "storages", {}).values()]

    assert len(served) > 1
    assert not any(evidence_root.is_relative_to(folder.resolve()) for folder in served)
