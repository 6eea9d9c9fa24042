"""The answers every endpoint may give besides its own, written into the OpenAPI document.

django-ninja documents what each handler declares; the answers given before a handler runs
(a body that is not JSON, too large, a request line the web server refuses) are added here, so
that the document tells callers everything they can receive.
"""

from typing import Any

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}

BODY_ANSWERS = {
    "400": "The body is not valid JSON, or the multipart body is broken (`http_400`).",
    "413": "The body is larger than the platform accepts (`too_large`).",
}
JSON_BODY_ANSWERS = {
    "415": (
        "The body is not sent as `Content-Type: application/json` (`unsupported_media_type`): "
        "forms and `text/plain` bodies are refused."
    ),
}
# Answered by the platform before any handler, whatever the operation.
REQUEST_ANSWERS = {
    "400": "The path, the query or the body holds a null character (`null_character`).",
}
# Answered by the web server (gunicorn, nginx) before the platform sees the request, as plain text.
WEB_SERVER_ANSWERS = {
    "414": (
        "The request line (path and query) is longer than the web server accepts (gunicorn: "
        "4094 bytes). Answered by the web server itself, in plain text, not in the error shape."
    ),
}


def document_common_answers(schema: dict[str, Any]) -> None:
    """Add the answers given outside the handlers to every operation of ``schema``."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            body = operation.get("requestBody", {}).get("content", {})
            if body:
                _add(responses, BODY_ANSWERS, ERROR)
            if "application/json" in body:
                _add(responses, JSON_BODY_ANSWERS, ERROR)
            _add(responses, REQUEST_ANSWERS, ERROR)
            _add(responses, WEB_SERVER_ANSWERS, None)


def _add(responses: dict[Any, Any], answers: dict[str, str], content: Any) -> None:
    for status, description in answers.items():
        # django-ninja keys the answers it documents by number.
        if status in responses or int(status) in responses:
            continue
        responses[int(status)] = {"description": description}
        if content is not None:
            responses[int(status)]["content"] = content
