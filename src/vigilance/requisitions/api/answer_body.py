"""A partner's answer as the API reads it, from either body it accepts: JSON with the files in
base64 (small files: the whole body is held in memory, up to DATA_UPLOAD_MAX_MEMORY_SIZE), or
multipart/form-data with the files as parts, which Django streams to disk past a few MB.

Both give the same answer and the same refusals, before anything is saved: too many files 400,
a file too large 413, a file of a refused type 415, a field not valid 422. A multipart form
needs no CSRF token here: the API key travels in the Authorization header, which a page of
another site cannot make a browser send.
"""

import base64
import binascii
import json
from dataclasses import dataclass

import pydantic
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from vigilance.evidence.services import (
    EvidenceRejected,
    IncomingFile,
    check_incoming,
    incoming_from_upload,
)
from vigilance.indicators.normalise import normalise
from vigilance.indicators.normalise.base import InvalidIdentifier
from vigilance.requisitions.services import workflow

MULTIPART_FILES_FIELD = "files"


class AnswerItemIn(Schema):
    type: str = Field(min_length=1, max_length=40)
    value: str = Field(min_length=1, max_length=2000)


class AnswerFileIn(Schema):
    name: str = Field(min_length=1, max_length=255)
    content_base64: str = Field(min_length=1)


class AnswerIn(Schema):
    model_config = {"extra": "forbid"}

    text: str = Field(min_length=1, max_length=20000)
    items: list[AnswerItemIn] = Field(default_factory=list, max_length=workflow.ANSWER_MAX_ITEMS)
    files: list[AnswerFileIn] = Field(
        default_factory=list, description=f"At most {workflow.ANSWER_MAX_FILES}."
    )


@dataclass(frozen=True)
class AnswerBody:
    text: str
    items: list[tuple[str, str]]
    files: list[IncomingFile]


class AnswerRefused(Exception):
    """The body cannot be taken: the HTTP status, the error code and a readable message."""

    def __init__(self, status: int, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


_STATUS_OF_REJECTION = {
    EvidenceRejected.TOO_LARGE: (413, "too_large"),
    EvidenceRejected.REFUSED_TYPE: (415, "unsupported_media_type"),
}


def _refused_file(error: EvidenceRejected) -> AnswerRefused:
    status, code = _STATUS_OF_REJECTION.get(error.reason, (422, "invalid"))
    return AnswerRefused(status, code, str(error), field="files")


def _validated(data: object) -> AnswerIn:
    try:
        return AnswerIn.model_validate(data)
    except pydantic.ValidationError as error:
        errors = [dict(item) for item in error.errors(include_url=False)]
        raise NinjaValidationError(errors) from error


def _too_many_files(count: int) -> None:
    if count > workflow.ANSWER_MAX_FILES:
        message = _("Attach at most %(count)d files.") % {"count": workflow.ANSWER_MAX_FILES}
        raise AnswerRefused(400, "too_many_files", message, field="files")


def _from_json(request: HttpRequest) -> tuple[AnswerIn, list[IncomingFile]]:
    try:
        data = json.loads(request.body)
    except ValueError as error:
        raise AnswerRefused(400, "http_400", _("The request body is not valid JSON.")) from error
    payload = _validated(data)
    _too_many_files(len(payload.files))
    files = []
    for item in payload.files:
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            message = _("A file's content is not valid base64.")
            raise AnswerRefused(422, "invalid", message, field="files") from error
        files.append(IncomingFile(name=item.name, content=content))
    return payload, files


def _from_multipart(request: HttpRequest) -> tuple[AnswerIn, list[IncomingFile]]:
    if set(request.FILES) - {MULTIPART_FILES_FIELD}:
        message = _("Send the files in the field named “files”.")
        raise AnswerRefused(400, "invalid", message, field="files")
    uploads = request.FILES.getlist(MULTIPART_FILES_FIELD)
    _too_many_files(len(uploads))
    raw_items = request.POST.get("items", "").strip()
    try:
        items = json.loads(raw_items) if raw_items else []
    except ValueError as error:
        message = _("Give the identifiers found as a JSON list of {type, value}.")
        raise AnswerRefused(422, "invalid", message, field="items") from error
    fields = {"items": items} | ({"text": request.POST["text"]} if "text" in request.POST else {})
    payload = _validated(fields)
    try:
        files = [incoming_from_upload(upload) for upload in uploads]
    except EvidenceRejected as error:
        raise _refused_file(error) from error
    return payload, files


def answer_body(request: HttpRequest) -> AnswerBody:
    """The answer in the request, every file checked; AnswerRefused or a validation error."""
    if request.content_type == "application/json":
        payload, files = _from_json(request)
    elif request.content_type == "multipart/form-data":
        payload, files = _from_multipart(request)
    else:
        message = _(
            "Send the answer as JSON (Content-Type: application/json) or as multipart/form-data."
        )
        raise AnswerRefused(415, "unsupported_media_type", message)
    if not payload.text.strip():
        raise AnswerRefused(422, "invalid", _("Write the answer."), field="text")
    for item in payload.items:
        try:
            normalise(item.type, item.value)
        except InvalidIdentifier as error:
            raise AnswerRefused(422, "invalid", f"{item.type}: {error}", field="items") from error
    for file in files:
        try:
            check_incoming(file)
        except EvidenceRejected as error:
            raise _refused_file(error) from error
    return AnswerBody(
        text=payload.text,
        items=[(item.type, item.value) for item in payload.items],
        files=files,
    )
