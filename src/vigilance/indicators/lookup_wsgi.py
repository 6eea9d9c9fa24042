"""The lean entry of ``GET /api/v1/lookup``: the busiest public read, served beside Django's
handler rather than through it (docs/decisions/0031-lean-public-lookup.md).

It keeps what the answer needs and nothing else: Django's own checks of the host and of HTTPS
(a request they would refuse or redirect is handed to Django, which does so), the language
Django's ``LocaleMiddleware`` would choose, the security headers of the site's own header
middleware (computed once by running them), and ``lookup_response``, the one implementation the
django-ninja route calls too. It leaves out the URL resolver, sessions, authentication, CSRF,
messages and the per-request health check of the database connection: the thread's connection
is kept open, and a request whose read fails is handed to Django, which checks the connection,
opens a new one and answers as it always did.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from vigilance.indicators.lookup_endpoint import LOOKUP_PATH, lookup_response

logger = logging.getLogger(__name__)

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# The middleware of settings.MIDDLEWARE that only add headers to an answer. Their headers are the
# same for every look-up (HSTS only over HTTPS): they are computed once for each of the two.
HEADER_MIDDLEWARE = frozenset(
    (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "vigilance.core.middleware.SecurityHeadersMiddleware",
    )
)
# Headers an answer sets itself; every other header of the header middleware is copied.
_OWN_HEADERS = frozenset(("content-type", "content-length"))


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
    request = WSGIRequest(environ)
    try:
        request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 and logs it, as for any page
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # Django redirects to HTTPS
    language = translation.get_language_from_request(request)
    try:
        with translation.override(language):
            response = lookup_response(request)
    except DatabaseError:
        # Most often a connection the database closed (a restart, a failover): Django's path
        # checks it and opens a new one. The rare double count of a rate limit is harmless.
        for connection in connections.all(initialized_only=True):
            connection.close()
        logger.warning("look-up handed to Django after a database error", exc_info=True)
        return None
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    content = response.content
    headers = [
        *response.items(),
        ("Content-Length", str(len(content))),
        *security_headers(request),
    ]
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    return [content]


# Over HTTPS or not -> the headers; filled by the first request of each kind.
_computed: dict[bool, tuple[tuple[str, str], ...]] = {}


def security_headers(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    """The headers the site's header middleware add to an answer to ``request``."""
    is_secure = request.is_secure()
    found = _computed.get(is_secure)
    if found is None:
        found = _computed.setdefault(is_secure, _run_header_middleware(request))
    return found


@receiver(setting_changed)
def _forget_security_headers(**kwargs: Any) -> None:
    _computed.clear()


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
