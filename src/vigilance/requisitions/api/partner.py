"""The partner API of requisitions: a partner's system, with its organisation's API key, lists
the requisitions sent to it, acknowledges, answers (text, identifiers found, files) or refuses.

It sees only what was sent to its own organisation (never a draft), and of the case nothing but
what the requisition asks; anything else is a 404, as for a reference that does not exist. Every
change goes through the workflow services, audited under the key's name.
"""

import datetime as dt
import json
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from vigilance.accounts.api_keys import api_key_bearer, api_key_can
from vigilance.accounts.models import ApiKey
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import ErrorOut, NotAllowed, NotFound, error_body
from vigilance.requisitions.api.answer_body import (
    MULTIPART_FILES_FIELD,
    AnswerIn,
    AnswerRefused,
    answer_body,
)
from vigilance.requisitions.models import OPEN_STATUSES, Requisition, RequisitionStatus
from vigilance.requisitions.services import pdf as pdf_service
from vigilance.requisitions.services import workflow

router = Router(tags=["requisitions"])

PAGE_SIZE_MAX = 100
SENT_STATUSES = ("sent", "acknowledged", "answered", "refused")
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 415: ErrorOut}


class LegalBasisOut(Schema):
    code: str
    name: str


class IdentifierOut(Schema):
    type: str
    value: str


class FileOut(Schema):
    sha256: str
    size: int
    content_type: str


class RequisitionOut(Schema):
    reference: str
    kind: str
    kind_label: str
    urgency: str
    status: str
    overdue: bool
    identifiers: list[IdentifierOut]
    period_from: dt.date | None
    period_to: dt.date | None
    legal_basis: LegalBasisOut
    sent_at: dt.datetime | None
    deadline: dt.datetime | None
    acknowledged_at: dt.datetime | None
    closed_at: dt.datetime | None
    answer_text: str
    answer_items: list[IdentifierOut]
    answer_files: list[FileOut]
    refusal_reason: str
    pdf_sha256: str = Field(description="SHA-256 of the signed letter once issued (GET .../pdf).")


class RequisitionListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[RequisitionOut]


class RefuseIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(min_length=1, max_length=5000)


def _key(request: HttpRequest) -> ApiKey:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, ApiKey):
        raise NotFound
    if not api_key_can(auth, Permission.RESPOND_REQUISITIONS):
        raise NotAllowed(_("This key does not allow answering requisitions."))
    return auth


def _sent_to(api_key: ApiKey) -> QuerySet[Requisition]:
    return (
        Requisition.objects.filter(addressee_id=api_key.organisation_id)
        .exclude(status=RequisitionStatus.DRAFT)
        .select_related("legal_basis")
        .prefetch_related("answer_files")
    )


def _get(api_key: ApiKey, reference: str) -> Requisition:
    requisition = _sent_to(api_key).filter(reference=reference[:24]).first()
    if requisition is None:
        raise NotFound
    return requisition


def _out(requisition: Requisition) -> RequisitionOut:
    return RequisitionOut(
        reference=requisition.reference,
        kind=requisition.kind,
        kind_label=str(requisition.get_kind_display()),
        urgency=requisition.urgency,
        status=requisition.status,
        overdue=requisition.is_overdue,
        identifiers=[IdentifierOut(**item) for item in requisition.identifiers],
        period_from=requisition.period_from,
        period_to=requisition.period_to,
        legal_basis=LegalBasisOut(
            code=requisition.legal_basis.code, name=str(requisition.legal_basis)
        ),
        sent_at=requisition.sent_at,
        deadline=requisition.deadline,
        acknowledged_at=requisition.acknowledged_at,
        closed_at=requisition.closed_at,
        answer_text=requisition.answer_text,
        answer_items=[IdentifierOut(**item) for item in requisition.answer_items or []],
        answer_files=[
            FileOut(sha256=item.sha256, size=item.size, content_type=item.content_type)
            for item in requisition.answer_files.all()
        ],
        refusal_reason=requisition.refusal_reason,
        pdf_sha256=requisition.pdf_sha256,
    )


def _invalid(field: str, message: str) -> Status[ErrorOut]:
    return Status(422, ErrorOut(**error_body("invalid", message, {field: [message]})))


@router.get(
    "/partner/requisitions",
    auth=api_key_bearer,
    response={200: RequisitionListOut, 422: ErrorOut, **ERRORS},
    summary="Requisitions sent to the key's organisation (open ones unless a status is given)",
    description=(
        "Authorization: Bearer <API key> holding respond_requisitions. `status`: sent, "
        "acknowledged, answered or refused (default: sent and acknowledged, oldest deadline "
        "first). `page` from 1, `page_size` up to 100."
    ),
)
def requisition_list(
    request: HttpRequest,
    status: Literal["sent", "acknowledged", "answered", "refused"] | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(20, ge=1, le=PAGE_SIZE_MAX),
) -> RequisitionListOut:
    api_key = _key(request)
    rows = _sent_to(api_key)
    if status is None:
        rows = rows.filter(status__in=OPEN_STATUSES).order_by("deadline", "id")
    else:
        rows = rows.filter(status=status).order_by("-sent_at", "-id")
    count = rows.count()
    start = (page - 1) * page_size
    return RequisitionListOut(
        count=count,
        page=page,
        page_size=page_size,
        items=[_out(item) for item in rows[start : start + page_size]],
    )


@router.get(
    "/partner/requisitions/{reference}",
    auth=api_key_bearer,
    response={200: RequisitionOut, **ERRORS},
    summary="One requisition sent to the key's organisation",
)
def requisition_detail(request: HttpRequest, reference: str) -> RequisitionOut:
    return _out(_get(_key(request), reference))


@router.get(
    "/partner/requisitions/{reference}/pdf",
    auth=api_key_bearer,
    response={200: None, **ERRORS},
    summary="The requisition's signed letter (application/pdf, PAdES, French then English)",
    openapi_extra={
        "responses": {"200": {"content": {"application/pdf": {"schema": {"type": "string"}}}}}
    },
)
def requisition_letter(request: HttpRequest, reference: str) -> HttpResponse:
    api_key = _key(request)
    requisition = _get(api_key, reference)
    response = HttpResponse(
        pdf_service.requisition_pdf_for(actor=api_key, requisition=requisition),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{requisition.reference}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response


@router.post(
    "/partner/requisitions/{reference}/acknowledge",
    auth=api_key_bearer,
    response={200: RequisitionOut, 409: ErrorOut, **ERRORS},
    summary="Acknowledge a requisition: the partner has it and is working on it",
)
def requisition_acknowledge(request: HttpRequest, reference: str) -> RequisitionOut:
    api_key = _key(request)
    requisition = workflow.requisition_acknowledge(
        actor=api_key, requisition=_get(api_key, reference)
    )
    return _out(_get(api_key, requisition.reference))


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its nested models written in place (no $defs to resolve)."""
    defs = schema.pop("$defs", {})
    text = json.dumps(schema)
    for name, nested in defs.items():
        text = text.replace(json.dumps({"$ref": f"#/$defs/{name}"}), json.dumps(nested))
    inlined: dict[str, Any] = json.loads(text)
    return inlined


_ANSWER_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": _inlined(AnswerIn.model_json_schema())},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "items": {"type": "string", "description": "JSON list of {type, value}."},
                    MULTIPART_FILES_FIELD: {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                    },
                },
            }
        },
    },
}


@router.post(
    "/partner/requisitions/{reference}/answer",
    auth=api_key_bearer,
    response={200: RequisitionOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Answer a requisition: text, identifiers found, files (JSON or multipart)",
    description=(
        "Either a JSON body: `text` (required), `items` (list of {type, value}: identifiers "
        "found, normalised like the fraud list's), `files` (list of {name, content_base64}); or "
        "multipart/form-data: a `text` field, an `items` field holding the same JSON list, and "
        "the files as `files` parts (better for large files). At most 5 files, each checked as "
        "files answered on the partner desk: too many files 400, a file too large 413, a "
        "refused type 415; nothing is saved unless everything is accepted. A closed "
        "requisition answers 409."
    ),
    openapi_extra={"requestBody": _ANSWER_BODY},
)
def requisition_answer(request: HttpRequest, reference: str) -> RequisitionOut | Status[ErrorOut]:
    api_key = _key(request)
    requisition = _get(api_key, reference)
    try:
        answer = answer_body(request)
    except AnswerRefused as refused:
        fields = {refused.field: [refused.message]} if refused.field else None
        return Status(refused.status, ErrorOut(**error_body(refused.code, refused.message, fields)))
    workflow.requisition_answer(
        actor=api_key,
        requisition=requisition,
        text=answer.text,
        files=answer.files,
        items=answer.items,
    )
    return _out(_get(api_key, reference))


@router.post(
    "/partner/requisitions/{reference}/refuse",
    auth=api_key_bearer,
    response={200: RequisitionOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Refuse a requisition, saying why",
)
def requisition_refuse(
    request: HttpRequest, reference: str, payload: RefuseIn
) -> RequisitionOut | Status[ErrorOut]:
    api_key = _key(request)
    requisition = _get(api_key, reference)
    if not payload.reason.strip():
        return _invalid("reason", _("Say why the requisition is refused."))
    workflow.requisition_refuse(actor=api_key, requisition=requisition, reason=payload.reason)
    return _out(_get(api_key, reference))
