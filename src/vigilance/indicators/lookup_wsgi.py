"""The lean entry of ``GET /api/v1/lookup``: the busiest public read, served beside Django's
handler rather than through it (docs/decisions/0031-lean-public-lookup.md).

It keeps what the answer needs and nothing else: Django's own checks of the host and of HTTPS
(a request they would refuse or redirect is handed to Django, which does so), the language
Django's ``LocaleMiddleware`` would choose, the security headers of the site's own header
middleware (computed once by running them), and ``lookup_outcome``, the one implementation the
django-ninja route calls too. It leaves out the URL resolver, sessions, authentication, CSRF,
messages and the per-request health check of the database connection: the thread's connection
is kept open, and a request whose read fails is handed to Django, which checks the connection,
opens a new one and answers as it always did.

What Django decides from a request's host, scheme and language headers it decides once per
distinct set of them (``_RequestKinds``); the query string is read without a request object.
"""

import logging
from collections.abc import Callable, Iterable
from http.client import responses
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.module_loading import import_string

from vigilance.core.ratelimit import address_in
from vigilance.indicators.lookup_endpoint import LOOKUP_PATH, lookup_outcome

logger = logging.getLogger(__name__)

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# The middleware of settings.MIDDLEWARE that only add headers to an answer. Their headers are the
# same for every look-up (HSTS only over HTTPS): they are computed once for each of the two.
HEADER_MIDDLEWARE = frozenset(
    (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "vigilance.core.middleware.PolicyOnceCSPMiddleware",
        "vigilance.core.middleware.SecurityHeadersMiddleware",
    )
)
# Headers an answer sets itself; every other header of the header middleware is copied.
_OWN_HEADERS = frozenset(("content-type", "content-length"))
# What LocaleMiddleware's patch_vary_headers wrote on every look-up.
_VARY = ("Vary", "Accept-Language, Cookie")
_STATUS_LINES = {code: f"{code} {phrase}" for code, phrase in responses.items()}

# What Django's host check (get_host, ALLOWED_HOSTS) and is_secure() read of a request, besides
# the settings; the proxy's HTTPS header is added when SECURE_PROXY_SSL_HEADER names one.
_HOST_AND_SCHEME = (
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
)
# Enough for every host name and language a site sees; an attacker's variety only empties it.
_MOST_REMEMBERED = 256


def with_lean_lookup(django_application: WSGIApplication) -> WSGIApplication:
    """``django_application`` with look-ups answered by the lean entry."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == LOOKUP_PATH and environ.get("REQUEST_METHOD") == "GET":
            answered = _answer(environ, start_response)
            if answered is not None:
                return answered
        return django_application(environ, start_response)

    return application


def _answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes] | None:
    """The look-up's answer, or None to let Django answer the request instead."""
    security_headers = _request_kinds.security_headers(environ)
    if security_headers is None:
        return None  # a host Django refuses (400) or a request it redirects to HTTPS
    query = _query(environ)
    if query is None:
        return None  # not plain ASCII, or too many fields: Django reads it as it always did
    language = _request_kinds.language(environ)
    try:
        with translation.override(language):
            outcome = lookup_outcome(query, address=address_in(environ))
    except DatabaseError:
        # Most often a connection the database closed (a restart, a failover): Django's path
        # checks it and opens a new one. The rare double count of a rate limit is harmless.
        for connection in connections.all(initialized_only=True):
            connection.close()
        logger.warning("look-up handed to Django after a database error", exc_info=True)
        return None
    headers = [("Content-Type", outcome.content_type)]
    if outcome.retry_after is not None:
        headers.append(("Retry-After", str(outcome.retry_after)))
    headers += [
        ("Content-Language", language),
        _VARY,
        ("Content-Length", str(len(outcome.content))),
        *security_headers,
    ]
    start_response(_STATUS_LINES[outcome.status], headers)
    return [outcome.content]


def _query(environ: dict[str, Any]) -> dict[str, str] | None:
    """The query string's parameters as ``request.GET`` reads them (the last of a repeated name
    wins), for a query string in ASCII; None for any other, left to Django."""
    text = environ.get("QUERY_STRING", "")
    if not text.isascii():
        return None
    try:
        return dict(
            parse_qsl(
                text,
                keep_blank_values=True,
                encoding=settings.DEFAULT_CHARSET,
                max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            )
        )
    except ValueError:
        return None


class _RequestKinds:
    """What Django decides from the few headers a look-up's answer depends on besides its query,
    remembered per distinct value of them: each answer is Django's own, computed on a request
    the first time those values are seen."""

    def __init__(self) -> None:
        self._headers: dict[tuple[Any, ...], tuple[tuple[str, str], ...]] = {}
        self._languages: dict[tuple[str | None, str | None], str] = {}
        # Over HTTPS or not -> the headers of the header middleware (HSTS only over HTTPS).
        self._by_scheme: dict[bool, tuple[tuple[str, str], ...]] = {}

    def forget(self) -> None:
        self._headers = {}
        self._languages = {}
        self._by_scheme = {}

    def security_headers(self, environ: dict[str, Any]) -> tuple[tuple[str, str], ...] | None:
        """The header middleware's headers for this request; None when Django must answer it."""
        key = tuple(environ.get(name) for name in _host_and_scheme_keys())
        found = self._headers.get(key)
        if found is not None:
            return found
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None  # Django answers 400 and logs it, as for any page
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # Django redirects to HTTPS
        found = self._by_scheme.get(request.is_secure())
        if found is None:
            found = self._by_scheme[request.is_secure()] = _run_header_middleware(request)
        _remember(self._headers, key, found)
        return found

    def language(self, environ: dict[str, Any]) -> str:
        """The language LocaleMiddleware would choose: its cookie, then Accept-Language."""
        cookie = environ.get("HTTP_COOKIE")
        chosen = (
            parse_cookie(cookie).get(settings.LANGUAGE_COOKIE_NAME) if cookie is not None else None
        )
        key = (chosen, environ.get("HTTP_ACCEPT_LANGUAGE"))
        found = self._languages.get(key)
        if found is None:
            found = translation.get_language_from_request(WSGIRequest(environ))
            _remember(self._languages, key, found)
        return found


def _host_and_scheme_keys() -> tuple[str, ...]:
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    return _HOST_AND_SCHEME + ((proxy_header[0],) if proxy_header else ())


def _remember(memory: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memory) >= _MOST_REMEMBERED:
        memory.clear()
    memory[key] = value


_request_kinds = _RequestKinds()


@receiver(setting_changed)
def _forget_what_settings_decided(**kwargs: Any) -> None:
    _request_kinds.forget()


def _run_header_middleware(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    def empty_answer(request: HttpRequest) -> HttpResponse:
        return HttpResponse(content_type="application/json")

    handler: Callable[[HttpRequest], HttpResponse] = empty_answer
    for path in reversed([path for path in settings.MIDDLEWARE if path in HEADER_MIDDLEWARE]):
        handler = import_string(path)(handler)
    answered = handler(request)
    return tuple(
        (name, value) for name, value in answered.items() if name.lower() not in _OWN_HEADERS
    )
