"""The partner API of takedowns: a host's, platform's or provider's system, with its
organisation's API key (respond_requisitions), lists the takedown and blocking requests sent to
it, acknowledges them, says when it took down or blocked, or refuses with a reason.

The same rules as requisitions: only what was sent to the key's organisation (404 otherwise, as
for a reference that does not exist), 409 once closed, 422 for a body that says nothing. The
addressee reads the target in full, a child-abuse link included: it must act on it.
"""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from vigilance.accounts.api_keys import api_key_bearer, api_key_can
from vigilance.accounts.models import ApiKey
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import ErrorOut, InvalidAction, NotAllowed, NotFound, error_body
from vigilance.requisitions.models_takedown import (
    TAKEDOWN_OPEN_STATUSES,
    TakedownRequest,
    TakedownStatus,
)
from vigilance.requisitions.services import takedowns as services

router = Router(tags=["takedowns"])

PAGE_SIZE_MAX = 100
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 415: ErrorOut}


class TakedownOut(Schema):
    reference: str
    action: str
    target_type: str
    target: str
    child_abuse: bool
    justification: str
    status: str
    overdue: bool
    sent_at: dt.datetime | None
    deadline: dt.datetime | None
    acknowledged_at: dt.datetime | None
    done_at: dt.datetime | None
    closed_at: dt.datetime | None
    refusal_reason: str


class TakedownListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[TakedownOut]


class DoneIn(Schema):
    model_config = {"extra": "forbid"}

    done_at: dt.datetime | None = None


class RefuseIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(min_length=1, max_length=5000)


def _key(request: HttpRequest) -> ApiKey:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, ApiKey):
        raise NotFound
    if not api_key_can(auth, Permission.RESPOND_REQUISITIONS):
        raise NotAllowed(_("This key does not allow answering requests."))
    return auth


def _sent_to(api_key: ApiKey) -> QuerySet[TakedownRequest]:
    return TakedownRequest.objects.filter(addressee_id=api_key.organisation_id).exclude(
        status=TakedownStatus.AWAITING_APPROVAL
    )


def _get(api_key: ApiKey, reference: str) -> TakedownRequest:
    takedown = _sent_to(api_key).filter(reference=reference[:24]).first()
    if takedown is None:
        raise NotFound
    return takedown


def _out(takedown: TakedownRequest) -> TakedownOut:
    return TakedownOut(
        reference=takedown.reference,
        action=takedown.action,
        target_type=takedown.target_type,
        target=takedown.target,
        child_abuse=takedown.is_child_abuse,
        justification=takedown.justification,
        status=takedown.status,
        overdue=takedown.is_overdue,
        sent_at=takedown.sent_at,
        deadline=takedown.deadline,
        acknowledged_at=takedown.acknowledged_at,
        done_at=takedown.done_at,
        closed_at=takedown.closed_at,
        refusal_reason=takedown.refusal_reason,
    )


@router.get(
    "/partner/takedowns",
    auth=api_key_bearer,
    response={200: TakedownListOut, 422: ErrorOut, **ERRORS},
    summary="Takedown and blocking requests sent to the key's organisation",
    description=(
        "Authorization: Bearer <API key> holding respond_requisitions. `status`: sent, "
        "acknowledged, done or refused (default: sent and acknowledged, nearest deadline "
        "first). `page` from 1, `page_size` up to 100."
    ),
)
def takedown_list(
    request: HttpRequest,
    status: Literal["sent", "acknowledged", "done", "refused"] | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(20, ge=1, le=PAGE_SIZE_MAX),
) -> TakedownListOut:
    rows = _sent_to(_key(request))
    if status is None:
        rows = rows.filter(status__in=TAKEDOWN_OPEN_STATUSES).order_by("deadline", "id")
    else:
        rows = rows.filter(status=status).order_by("-sent_at", "-id")
    start = (page - 1) * page_size
    return TakedownListOut(
        count=rows.count(),
        page=page,
        page_size=page_size,
        items=[_out(item) for item in rows[start : start + page_size]],
    )


@router.get(
    "/partner/takedowns/{reference}",
    auth=api_key_bearer,
    response={200: TakedownOut, **ERRORS},
    summary="One takedown or blocking request sent to the key's organisation",
)
def takedown_detail(request: HttpRequest, reference: str) -> TakedownOut:
    return _out(_get(_key(request), reference))


@router.post(
    "/partner/takedowns/{reference}/acknowledge",
    auth=api_key_bearer,
    response={200: TakedownOut, 409: ErrorOut, **ERRORS},
    summary="Acknowledge a takedown request",
)
def takedown_acknowledge(request: HttpRequest, reference: str) -> TakedownOut:
    api_key = _key(request)
    services.takedown_acknowledge(actor=api_key, takedown=_get(api_key, reference))
    return _out(_get(api_key, reference))


@router.post(
    "/partner/takedowns/{reference}/done",
    auth=api_key_bearer,
    response={200: TakedownOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Taken down or blocked, at `done_at` (ISO 8601 with offset; now if left out)",
)
def takedown_done(
    request: HttpRequest, reference: str, payload: DoneIn
) -> TakedownOut | Status[ErrorOut]:
    api_key = _key(request)
    takedown = _get(api_key, reference)
    if payload.done_at is not None and payload.done_at.tzinfo is None:
        message = _("Give the time with its offset, e.g. 2026-05-04T10:30:00+01:00.")
        return Status(422, ErrorOut(**error_body("invalid", message, {"done_at": [message]})))
    try:
        services.takedown_done(actor=api_key, takedown=takedown, done_at=payload.done_at)
    except InvalidAction as error:
        if not error.fields:
            raise  # a closed request: 409
        return Status(422, ErrorOut(**error_body("invalid", error.message, error.fields)))
    return _out(_get(api_key, reference))


@router.post(
    "/partner/takedowns/{reference}/refuse",
    auth=api_key_bearer,
    response={200: TakedownOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Refuse a takedown request, saying why",
)
def takedown_refuse(
    request: HttpRequest, reference: str, payload: RefuseIn
) -> TakedownOut | Status[ErrorOut]:
    api_key = _key(request)
    takedown = _get(api_key, reference)
    if not payload.reason.strip():
        message = _("Say why the request is refused.")
        return Status(422, ErrorOut(**error_body("invalid", message, {"reason": [message]})))
    services.takedown_refuse(actor=api_key, takedown=takedown, reason=payload.reason)
    return _out(_get(api_key, reference))
