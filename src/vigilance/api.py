"""The JSON API under /api/v1: one NinjaAPI, its routers, and errors in the contract's shape."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from vigilance.core.errors import InvalidAction, NotAllowed, NotFound, error_body
from vigilance.core.middleware import too_many_requests
from vigilance.core.ratelimit import RateLimited
from vigilance.intake.access import ReportNotFound
from vigilance.intake.api import router as intake_router
from vigilance.intake.services import ReportInvalid


class StrictJSONParser(Parser):
    """Malformed JSON is the caller's error (400), never ours."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return super().parse_body(request)
        except ValueError as error:
            raise HttpError(400, _("The request body is not valid JSON.")) from error


api = NinjaAPI(
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
    return api.create_response(
        request, error_body(f"http_{error.status_code}", str(error)), status=error.status_code
    )


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    return too_many_requests(request, error.retry_after)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Sign in first.")), status=401
    )
