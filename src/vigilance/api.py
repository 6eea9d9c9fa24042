"""The JSON API under /api/v1: one NinjaAPI, its routers, and errors in the contract's shape."""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from vigilance.core.errors import Busy, InvalidAction, NotAllowed, NotFound, error_body
from vigilance.core.middleware import busy, too_many_requests
from vigilance.core.openapi import document_common_answers
from vigilance.core.ratelimit import RateLimited
from vigilance.intake.access import ReportNotFound
from vigilance.intake.api import router as intake_router
from vigilance.intake.services import ReportInvalid


class BodyNotJSON(Exception):
    """A body sent as text, a form or multipart where the endpoint reads JSON."""


class StrictJSONParser(Parser):
    """Bodies are JSON, declared as such: a cross-site form or a ``text/plain`` body (requests a
    browser sends from any page without asking the platform first) is refused with a 415."""

    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type != "application/json":
            raise BodyNotJSON
        return json.loads(request.body)


class VigilanceAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        document_common_answers(schema)
        return schema


api = VigilanceAPI(
    title="Vigilance API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    parser=StrictJSONParser(),
)
api.add_router("/", intake_router)
api.add_router("/", "vigilance.indicators.api.router")
api.add_router("/", "vigilance.cases.api.triage.router", tags=["triage"])
api.add_router("/", "vigilance.cases.api.case.router", tags=["cases"])
api.add_router("/", "vigilance.cases.api.cluster.router", tags=["cases"])
api.add_router("/", "vigilance.audit.web.api.router", tags=["audit"])
api.add_router("/", "vigilance.indicators.api_partner.router")
api.add_router("/", "vigilance.indicators.api_staff.router")
api.add_router("/", "vigilance.requisitions.api.partner.router")
api.add_router("/", "vigilance.requisitions.api.partner_freezes.router")
api.add_router("/", "vigilance.requisitions.api.partner_takedowns.router")
api.add_router("/", "vigilance.requisitions.api.stats.router")
api.add_router("/", "vigilance.alerts.api.public.router")
api.add_router("/", "vigilance.alerts.api.sms.router")
api.add_router("/", "vigilance.stats.api.public.router")
api.add_router("/", "vigilance.stats.api.staff.router")
api.add_router("/", "vigilance.exchange.api.staff.router")


def _fields_from_ninja(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in errors:
        location = [
            str(part)
            for part in item.get("loc", ())
            if part not in ("body", "payload", "query", "header", "path", "form", "file")
        ]
        name = ".".join(location) or "body"
        fields.setdefault(name, []).append(_field_message(item))
    return fields


def _field_message(item: dict[str, Any]) -> str:
    kind = item.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("int", "float", "decimal")):
        return _("Give a number.")
    if kind.startswith("date"):
        return _("Give a date as YYYY-MM-DD.")
    if kind.startswith("bool"):
        return _("Give true or false.")
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return _("This text is too short.")
    if kind == "string_too_long":
        return _("This text is too long.")
    if kind.startswith("string"):
        return _("Give a text value.")
    if kind in ("literal_error", "enum"):
        return _("This value is not one of those allowed.")
    if kind == "extra_forbidden":
        return _("This field is not accepted.")
    return _("This value is not valid.")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request,
        error_body("invalid", _("Some fields are not valid."), _fields_from_ninja(error.errors)),
        status=422,
    )


@api.exception_handler(ReportInvalid)
def on_report_invalid(request: HttpRequest, error: ReportInvalid) -> HttpResponse:
    return api.create_response(
        request, error_body("invalid", _("Some fields are not valid."), error.fields), status=422
    )


@api.exception_handler(ReportNotFound)
def on_not_found(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(
        request, error_body("not_found", _("Nothing was found.")), status=404
    )


@api.exception_handler(NotFound)
def on_not_visible(request: HttpRequest, error: NotFound) -> HttpResponse:
    # The same answer for what does not exist and what the caller may not see.
    return api.create_response(
        request, error_body("not_found", _("Nothing was found.")), status=404
    )


@api.exception_handler(NotAllowed)
def on_not_allowed(request: HttpRequest, error: NotAllowed) -> HttpResponse:
    return api.create_response(
        request,
        error_body("forbidden", str(error) or _("Your role does not allow this action.")),
        status=403,
    )


@api.exception_handler(InvalidAction)
def on_invalid_action(request: HttpRequest, error: InvalidAction) -> HttpResponse:
    return api.create_response(
        request, error_body("invalid_action", error.message, error.fields), status=409
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # django-ninja wraps whatever the parser raised in an untranslated 400; say what it was.
    if isinstance(error.__cause__, BodyNotJSON):
        message = _("Send the body as JSON, with the header Content-Type: application/json.")
        return api.create_response(
            request, error_body("unsupported_media_type", message), status=415
        )
    if error.status_code == 400 and error.__cause__ is not None:
        message = _("The request body is not valid JSON.")
        return api.create_response(request, error_body("http_400", message), status=400)
    return api.create_response(
        request, error_body(f"http_{error.status_code}", str(error)), status=error.status_code
    )


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    message = _("The request body is too large.")
    return api.create_response(request, error_body("too_large", message), status=413)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
def on_broken_body(request: HttpRequest, error: Exception) -> HttpResponse:
    message = _("The request body cannot be read.")
    return api.create_response(request, error_body("http_400", message), status=400)


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    return too_many_requests(request, error.retry_after)


@api.exception_handler(Busy)
def on_busy(request: HttpRequest, error: Busy) -> HttpResponse:
    return busy(request, error)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Sign in first.")), status=401
    )
