"""``GET /api/v1/lookup``, written once: from the query string to the JSON answer.

Two entries serve it and both call ``lookup_outcome``: the lean WSGI entry (``lookup_wsgi.py``),
which gunicorn reaches first and which sends the outcome's bytes as they are, and the
django-ninja route (``api.py``, through ``lookup_response``), which documents it in the OpenAPI
and answers whatever the lean entry hands on to Django (the test client, an address Django
refuses). Errors follow the contract: a missing parameter 422, an
unknown type or an invalid value 400, too many look-ups 429 with Retry-After, each in the active
language (docs/decisions/0031-lean-public-lookup.md).
"""

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vigilance.core.errors import error_body
from vigilance.core.middleware import rate_limited_message
from vigilance.core.ratelimit import RateLimited, check_rate_of_address, client_address
from vigilance.core.replica import replica_reads
from vigilance.indicators.lookup import PublicCheck, public_check
from vigilance.indicators.normalise import TYPES, InvalidIdentifier
from vigilance.indicators.tallies import lookup_tally_record

LOOKUP_PATH = "/api/v1/lookup"
# What django-ninja wrote for the answers it rendered; kept so that callers see no change.
CONTENT_TYPE = "application/json; charset=utf-8"
# What the site's 429 answer (core/middleware.py too_many_requests) has always said.
RATE_LIMITED_CONTENT_TYPE = "application/json"
QUERY_PARAMETERS = ("type", "value")

# The query parameters as the OpenAPI documented them before (the route now reads them itself).
OPENAPI_PARAMETERS: list[dict[str, Any]] = [
    {
        "in": "query",
        "name": "type",
        "required": True,
        "schema": {"title": "Type", "type": "string"},
        "description": "The type of identifier (phone, momo_account, email, url...)",
    },
    {
        "in": "query",
        "name": "value",
        "required": True,
        "schema": {"title": "Value", "type": "string"},
        "description": "The value as the person typed it; it is normalised first",
    },
]


@dataclass(frozen=True)
class LookupOutcome:
    """A look-up's answer as bytes, before either entry makes it an HTTP answer."""

    status: int
    content: bytes
    content_type: str = CONTENT_TYPE
    retry_after: int | None = None


def lookup_outcome(query: Mapping[str, str], *, address: str) -> LookupOutcome:
    """The whole answer to one look-up from ``address``, in the language already active."""
    missing = [name for name in QUERY_PARAMETERS if name not in query]
    if missing:
        message = _("This field is required.")
        fields = {name: [message] for name in missing}
        return _json(422, error_body("invalid", _("Some fields are not valid."), fields))
    try:
        check_rate_of_address(
            address,
            group="lookup",
            per_ip=settings.RATE_LOOKUP_PER_IP,
            overall=settings.RATE_LOOKUP_GLOBAL,
        )
    except RateLimited as limited:
        refused = error_body("rate_limited", rate_limited_message())
        return LookupOutcome(
            429,
            json.dumps(refused).encode(),
            content_type=RATE_LIMITED_CONTENT_TYPE,
            retry_after=limited.retry_after,
        )
    return _json(*lookup_answer(query["type"], query["value"]))


def lookup_response(request: HttpRequest) -> HttpResponse:
    """``lookup_outcome`` as Django's answer to ``request``."""
    outcome = lookup_outcome(request.GET, address=client_address("lookup", request))
    response = HttpResponse(
        outcome.content, status=outcome.status, content_type=outcome.content_type
    )
    if outcome.retry_after is not None:
        response["Retry-After"] = str(outcome.retry_after)
    return response


def lookup_answer(type: str, value: str) -> tuple[int, dict[str, Any]]:
    """The status and the body for one (type, value) once the caller is within the limits."""
    if type not in TYPES:
        return 400, _invalid("type", _("Unknown type of identifier."))
    try:
        with replica_reads():
            check = public_check(type, value)
    except InvalidIdentifier as error:
        return 400, _invalid("value", str(error))
    lookup_tally_record(type=check.type, value=check.value)
    return 200, lookup_body(check)


def lookup_body(check: PublicCheck) -> dict[str, Any]:
    """The fields of ``LookupOut``, in its order; dates as ISO text, as django-ninja wrote them."""
    return {
        "type": check.type,
        "value": check.value,
        "status": check.status,
        "reports": check.band,
        "first_reported": _iso(check.first_reported),
        "last_reported": _iso(check.last_reported),
        "categories": list(check.categories),
        "category_labels": check.category_labels(),
        "advice": check.advice(),
        "site": check.site,
    }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _invalid(field: str, message: str) -> dict[str, Any]:
    return error_body("invalid", message, {field: [message]})


def _json(status: int, body: Mapping[str, Any]) -> LookupOutcome:
    # Plain values only (dates are already text): json's own encoder, cached, the same bytes.
    return LookupOutcome(status, json.dumps(body).encode())
