"""The one error shape of the platform (CONTRACT.md), for the API and JSON answers alike."""

from typing import Any

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
