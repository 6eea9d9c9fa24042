"""Middleware of the whole site: security headers, the 429 answer to rate-limited requests and
the 503 answer to work the platform cannot take on right now."""

import json
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
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
