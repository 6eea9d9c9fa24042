"""Middleware of the whole site: security headers, the 429 answer to rate-limited requests and
the 503 answer to work the platform cannot take on right now."""

import json
from collections.abc import Callable, Hashable
from dataclasses import asdict
from http import HTTPStatus
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vigilance.core.errors import Busy, error_body
from vigilance.core.ratelimit import RateLimited


class SecurityHeadersMiddleware:
    """Headers Django does not set by itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# Built policies by their parts: few, since the parts come from the settings and the decorators
# of views; bounded all the same, for a view that would compute its own parts per request.
_built_policies: dict[Hashable, str] = {}
_BUILT_POLICIES_KEPT = 64
# (report-only, header, the response's exemption mark, the setting holding excluded prefixes)
_HEADERS = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


def _frozen(directives: dict[str, Any] | None) -> Hashable:
    """The directives as a key; hashing it fails (TypeError) for a set or a nested list."""
    if directives is None:
        return None
    return tuple((name, tuple(v) if isinstance(v, list) else v) for name, v in directives.items())


def _forget_built_policies(*, setting: str, **kwargs: object) -> None:
    # Parts without a config stand for the setting, which only tests change after start-up.
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built_policies.clear()


setting_changed.connect(_forget_built_policies)


class PolicyOnceCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, each distinct policy built once per process instead of on every
    response (``build_policy`` was about 3 % of a report filing's CPU). A policy with a nonce,
    or with parts that cannot be hashed, is built every time."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # django-csp 4.0's own, but for where the policy's text comes from.
        debug_codes = (HTTPStatus.INTERNAL_SERVER_ERROR, HTTPStatus.NOT_FOUND)
        if response.status_code in debug_codes and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in _HEADERS:
            policy = self._policy(request, response, report_only=report_only)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp does: a nonce asked for once the header is written would not be in it.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def _policy(
        self, request: HttpRequest, response: HttpResponseBase, *, report_only: bool
    ) -> str:
        parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
        if parts.nonce is not None:
            return build_policy(**asdict(parts), report_only=report_only)
        key = (report_only, _frozen(parts.config), _frozen(parts.update), _frozen(parts.replace))
        try:
            policy = _built_policies.get(key)
        except TypeError:
            return build_policy(**asdict(parts), report_only=report_only)
        if policy is None:
            policy = build_policy(**asdict(parts), report_only=report_only)
            if len(_built_policies) < _BUILT_POLICIES_KEPT:
                _built_policies[key] = policy
        return policy


def busy(request: HttpRequest, error: Busy) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("busy", error.message), status=503)
    else:
        response = render(request, "503.html", {"message": error.message}, status=503)
    response["Retry-After"] = str(error.retry_after)
    return response


def rate_limited_message() -> str:
    return _("Too many requests from your connection. Please wait a little and try again.")


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = rate_limited_message()
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("rate_limited", message), status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.retry_after)
        if isinstance(exception, Busy):
            return busy(request, exception)
        return None


def _holds_null(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_null(key) or _holds_null(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return False


def _fields_holding_null(request: HttpRequest) -> list[str] | None:
    """The names of the query or form fields holding a NUL character (``body`` for a JSON body,
    none for the path), or None when the request holds none."""
    fields = [key for key, values in request.GET.lists() if _holds_null([key, *values])]
    if "\x00" in request.path or fields:
        return fields
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.path.startswith("/api/"):
        if request.content_type != "application/json":
            return None
        try:
            body = request.body
            # Strict JSON holds a NUL only written as the escape \u0000 (a raw control character
            # is refused, and UTF-16 or UTF-32 text holds NUL bytes): a body without either
            # holds none, and is not parsed here a first time before the API parses it.
            if b"\\u0000" not in body and b"\x00" not in body:
                return None
            return ["body"] if _holds_null(json.loads(body or b"null")) else None
        except (ValueError, UnicodeDecodeError, SuspiciousOperation):
            return None  # the API answers an unreadable or oversized body itself
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # The CSRF check reads the form at this point anyway.
        fields = [key for key, values in request.POST.lists() if _holds_null([key, *values])]
        return fields or None
    return None


class RejectNullCharactersMiddleware:
    """A NUL character has no place in any text a person sends, and PostgreSQL refuses to store
    or compare it: such a request gets a clear 4xx here instead of a database error later."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = _fields_holding_null(request)
        if fields is None:
            return self.get_response(request)
        message = _("The request contains a null character (\\0), which is not allowed in text.")
        if request.path.startswith("/api/"):
            named = {field.replace("\x00", "\ufffd"): [message] for field in fields}
            return JsonResponse(error_body("null_character", message, named), status=400)
        context = {"title": _("Request not accepted"), "message": message}
        return render(request, "error.html", context, status=400)
