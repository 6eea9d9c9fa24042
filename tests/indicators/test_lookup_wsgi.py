"""The lean entry answers only the look-ups it may, and hands every other request to Django."""

import io
import json
from typing import Any

import pytest
from django.db import OperationalError

from vigilance.indicators import lookup_wsgi
from vigilance.indicators.lookup_wsgi import with_lean_lookup

pytestmark = pytest.mark.django_db


class DjangoStandIn:
    """Counts what reaches Django's handler."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"django"]


def request(method: str = "GET", host: str = "testserver", **extra: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/api/v1/lookup",
        "QUERY_STRING": "type=phone&value=%2B237699887766",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "192.0.2.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        **extra,
    }


def answer(application: Any, environ: dict[str, Any]) -> tuple[str, dict[str, str], bytes]:
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


def test_a_look_up_is_answered_without_django() -> None:
    django = DjangoStandIn()

    status, headers, body = answer(with_lean_lookup(django), request(HTTP_ACCEPT_LANGUAGE="en"))

    assert django.paths == []
    assert status == "200 OK"
    assert json.loads(body)["status"] == "not_reported"
    assert headers["Content-Language"] == "en"
    assert headers["Content-Length"] == str(len(body))


@pytest.mark.parametrize(
    "environ",
    [request(method="POST"), request(host="evil.example"), {**request(), "PATH_INFO": "/"}],
    ids=["another method", "a host not allowed", "another path"],
)
def test_anything_else_goes_to_django(environ: dict[str, Any]) -> None:
    django = DjangoStandIn()

    answer(with_lean_lookup(django), environ)

    assert len(django.paths) == 1


def test_a_read_that_fails_is_handed_to_django(monkeypatch: pytest.MonkeyPatch) -> None:
    def database_gone(query: Any, *, address: str) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(lookup_wsgi, "lookup_outcome", database_gone)
    django = DjangoStandIn()

    status, _headers, body = answer(with_lean_lookup(django), request())

    assert (status, body) == ("200 OK", b"django")
    assert django.paths == ["/api/v1/lookup"]


def test_each_look_up_is_answered_in_the_language_it_asks_for() -> None:
    application = with_lean_lookup(DjangoStandIn())
    asked = [
        request(HTTP_ACCEPT_LANGUAGE="en"),
        request(HTTP_ACCEPT_LANGUAGE="fr"),
        request(HTTP_ACCEPT_LANGUAGE="fr", HTTP_COOKIE="django_language=en; other=1"),
        request(HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=xx"),
        request(),
    ]

    languages = [answer(application, environ)[1]["Content-Language"] for environ in asked]

    assert languages == ["en", "fr", "en", "en", "fr"]


def test_a_host_not_allowed_goes_to_django_after_an_allowed_one() -> None:
    django = DjangoStandIn()
    application = with_lean_lookup(django)

    answer(application, request())
    answer(application, request(host="evil.example"))

    assert django.paths == ["/api/v1/lookup"]


def test_a_change_of_allowed_hosts_holds_from_the_next_look_up(settings: Any) -> None:
    django = DjangoStandIn()
    application = with_lean_lookup(django)
    answer(application, request())

    settings.ALLOWED_HOSTS = ["vigilance.example"]
    answer(application, request())

    assert django.paths == ["/api/v1/lookup"]


def test_a_query_string_outside_ascii_goes_to_django() -> None:
    django = DjangoStandIn()
    environ = {**request(), "QUERY_STRING": "type=email&value=\xc3\xa9@example.cm"}

    answer(with_lean_lookup(django), environ)

    assert django.paths == ["/api/v1/lookup"]


def test_the_last_of_a_repeated_parameter_is_read_as_django_reads_it() -> None:
    environ = {**request(), "QUERY_STRING": "type=phone&value=12&value=%2B237+699+88+77+66"}

    _status, _headers, body = answer(with_lean_lookup(DjangoStandIn()), environ)

    assert json.loads(body)["value"] == "+237699887766"


def test_only_a_look_up_over_https_carries_hsts(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 3600
    application = with_lean_lookup(DjangoStandIn())

    over_http = answer(application, request())[1]
    over_https = answer(application, {**request(), "wsgi.url_scheme": "https"})[1]

    assert "Strict-Transport-Security" not in over_http
    assert over_https["Strict-Transport-Security"].startswith("max-age=3600")
    assert over_http["X-Frame-Options"] == over_https["X-Frame-Options"]
