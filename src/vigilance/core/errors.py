"""The one error shape of the platform, for the API and JSON answers alike."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Schema


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    """``{"error": {"code", "message", "fields"?}}``, as documented in the OpenAPI spec."""

    error: ErrorDetail


class NotFound(Http404):
    """Missing, or outside the caller's need-to-know: the same answer for both (a 404)."""


class NotAllowed(PermissionDenied):
    """The caller sees the object but their role does not allow this action (a 403)."""


class InvalidAction(Exception):
    """A request that breaks a rule (a transition not allowed, a missing reason): a clear 4xx.

    ``fields`` names the form or API fields at fault, as in the error shape of docs/api.md.
    """

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Busy(Exception):
    """Work the platform cannot take on right now (a 503); ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
