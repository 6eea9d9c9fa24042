"""The TAXII error message (section 3.6.1): every refusal of the server, in the caller's
language, as ``application/taxii+json``."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from vigilance.exchange.taxii.media import TAXII_MEDIA_TYPE


class TaxiiError(Exception):
    """A refusal: ``title`` and ``description`` are already translated by who raises it."""

    def __init__(
        self,
        status: int,
        *,
        title: str,
        description: str,
        error_code: str,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.title = title
        self.description = description
        self.error_code = error_code
        self.details = details or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "error_code": self.error_code,
            "http_status": str(self.status),
        }
        if self.details:
            body["details"] = self.details
        return body


def unauthorised() -> TaxiiError:
    return TaxiiError(
        401,
        title=_("Authentication required"),
        description=_(
            "Give a live API key holding the exchange permission, as the password of HTTP "
            "Basic authentication or as a Bearer token."
        ),
        error_code="unauthorised",
        headers={"WWW-Authenticate": 'Basic realm="TAXII", charset="UTF-8"'},
    )


def collection_not_found() -> TaxiiError:
    # The same answer for a collection that does not exist and one the partner may not read.
    return TaxiiError(
        404,
        title=_("Collection not found"),
        description=_("There is no such collection among those this key may read."),
        error_code="collection_not_found",
    )


def object_not_found() -> TaxiiError:
    return TaxiiError(
        404,
        title=_("Object not found"),
        description=_("This collection holds no object with this identifier."),
        error_code="object_not_found",
    )


def resource_not_found() -> TaxiiError:
    return TaxiiError(
        404,
        title=_("Not found"),
        description=_("This server has no TAXII resource at this address."),
        error_code="not_found",
    )


def not_acceptable() -> TaxiiError:
    return TaxiiError(
        406,
        title=_("Media type not acceptable"),
        description=_("This server answers only in %(media_type)s: send it in the Accept header.")
        % {"media_type": TAXII_MEDIA_TYPE},
        error_code="not_acceptable",
    )


def read_only() -> TaxiiError:
    return TaxiiError(
        403,
        title=_("Collection is read-only"),
        description=_("Partners read the platform's collections; they cannot add objects to them."),
        error_code="read_only",
    )


def method_not_allowed(allowed: str) -> TaxiiError:
    return TaxiiError(
        405,
        title=_("Method not allowed"),
        description=_("This resource answers only %(methods)s.") % {"methods": allowed},
        error_code="method_not_allowed",
        headers={"Allow": allowed},
    )


def bad_parameter(parameter: str, description: str) -> TaxiiError:
    return TaxiiError(
        400,
        title=_("Invalid parameter"),
        description=description,
        error_code="invalid_parameter",
        details={"parameter": parameter},
    )


def rate_limited(retry_after: int) -> TaxiiError:
    return TaxiiError(
        429,
        title=_("Too many requests"),
        description=_("This key made too many requests: try again in %(seconds)s seconds.")
        % {"seconds": retry_after},
        error_code="rate_limited",
        headers={"Retry-After": str(retry_after)},
    )


def error_response(error: TaxiiError) -> HttpResponse:
    response = HttpResponse(
        json.dumps(error.body(), ensure_ascii=False),
        status=error.status,
        content_type=TAXII_MEDIA_TYPE,
    )
    for name, value in error.headers.items():
        response[name] = value
    return response
