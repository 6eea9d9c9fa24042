"""The partner API of wallet freezes: an issuer's system, with its organisation's API key (the
``respond_requisitions`` permission, as for requisitions), lists the freezes sent to it, reads
one, and answers: held (with the amount), insufficient funds, already withdrawn, or moved on to
another account (its issuer and the amount), which opens the next freeze down the trail.

It sees only the freezes sent to its own organisation, never one awaiting approval; anything
else is a 404, as for a reference that does not exist. Answers go through the same service as
the partner desk, audited under the key's name. A refusal that names a field is bad input
(400); one about the freeze's state, such as an answer already given, is a 409.
"""

import datetime as dt
from typing import Literal

from django.db.models import Case as Choose
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from vigilance.accounts.api_keys import api_key_bearer, api_key_can
from vigilance.accounts.models import ApiKey, Organisation
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import ErrorOut, InvalidAction, NotAllowed, NotFound, error_body
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.services import freezes

router = Router(tags=["freezes"])

PAGE_SIZE_MAX = 100
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 415: ErrorOut}
SHOWN_STATUSES = [status for status in FreezeStatus.values if status != "awaiting_approval"]


class FreezeOut(Schema):
    reference: str
    status: str
    status_label: str
    overdue: bool
    account_type: str
    account: str
    sender_account: str
    transaction_reference: str
    transaction_at: dt.datetime | None
    amount_asked: int
    amount_held: int | None
    currency: str
    sent_at: dt.datetime | None
    deadline: dt.datetime | None
    answered_at: dt.datetime | None
    previous: str | None = Field(description="The freeze whose money moved on to this account.")
    next: list[str] = Field(description="The freezes opened when this money moved on.")


class FreezeListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[FreezeOut]


class FreezeAnswerIn(Schema):
    model_config = {"extra": "forbid"}

    outcome: Literal["held", "insufficient_funds", "already_withdrawn", "moved_on"]
    amount: int | None = Field(
        default=None, ge=1, description="FCFA: held, or moved on (required for both)."
    )
    next_issuer: str = Field(
        default="", max_length=60, description="Moved on: the code of the next account's issuer."
    )
    next_account: str = Field(default="", max_length=60, description="Moved on: the account.")
    next_account_type: Literal["momo_account", "bank_account", "phone"] = "momo_account"


def _key(request: HttpRequest) -> ApiKey:
    auth = getattr(request, "auth", None)
    if not isinstance(auth, ApiKey):
        raise NotFound
    if not api_key_can(auth, Permission.RESPOND_REQUISITIONS):
        raise NotAllowed(_("This key does not allow answering requisitions."))
    return auth


def _sent_to(api_key: ApiKey) -> QuerySet[FreezeRequest]:
    return FreezeRequest.objects.filter(
        issuer_id=api_key.organisation_id, status__in=SHOWN_STATUSES
    ).select_related("parent")


def _get(api_key: ApiKey, reference: str) -> FreezeRequest:
    freeze = _sent_to(api_key).filter(reference=reference[:24]).first()
    if freeze is None:
        raise NotFound
    return freeze


def _out(freeze: FreezeRequest) -> FreezeOut:
    return FreezeOut(
        reference=freeze.reference,
        status=freeze.status,
        status_label=str(freeze.get_status_display()),
        overdue=freeze.is_overdue,
        account_type=freeze.account_type,
        account=freeze.account,
        sender_account=freeze.sender_account,
        transaction_reference=freeze.transaction_reference,
        transaction_at=freeze.transaction_at,
        amount_asked=freeze.amount_asked,
        amount_held=freeze.amount_held,
        currency="XAF",
        sent_at=freeze.sent_at,
        deadline=freeze.deadline,
        answered_at=freeze.answered_at,
        previous=freeze.parent.reference if freeze.parent else None,
        next=[child.reference for child in freeze.children.order_by("id")],
    )


def _bad(message: str, fields: dict[str, list[str]]) -> Status[ErrorOut]:
    return Status(400, ErrorOut(**error_body("invalid", message, fields)))


@router.get(
    "/partner/freezes",
    auth=api_key_bearer,
    response={200: FreezeListOut, 422: ErrorOut, **ERRORS},
    summary="Freezes sent to the key's organisation, open ones first",
    description=(
        "Authorization: Bearer <API key> holding respond_requisitions. Without `status`, every "
        "freeze sent: the open ones first (nearest deadline first), then the answered ones, "
        "newest first. `status`: sent, held, insufficient_funds, already_withdrawn, moved_on, "
        "released or returned. `page` from 1, `page_size` up to 100."
    ),
)
def freeze_list(
    request: HttpRequest,
    status: Literal[
        "sent",
        "held",
        "insufficient_funds",
        "already_withdrawn",
        "moved_on",
        "released",
        "returned",
    ]
    | None = None,
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(20, ge=1, le=PAGE_SIZE_MAX),
) -> FreezeListOut:
    rows = _sent_to(_key(request))
    if status is not None:
        rows = rows.filter(status=status)
    rows = rows.annotate(
        answered=Choose(
            When(status=FreezeStatus.SENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("answered", "deadline", "-sent_at", "-id")
    count = rows.count()
    start = (page - 1) * page_size
    return FreezeListOut(
        count=count,
        page=page,
        page_size=page_size,
        items=[_out(item) for item in rows[start : start + page_size]],
    )


@router.get(
    "/partner/freezes/{reference}",
    auth=api_key_bearer,
    response={200: FreezeOut, **ERRORS},
    summary="One freeze sent to the key's organisation",
)
def freeze_detail(request: HttpRequest, reference: str) -> FreezeOut:
    return _out(_get(_key(request), reference))


@router.post(
    "/partner/freezes/{reference}/answer",
    auth=api_key_bearer,
    response={200: FreezeOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Answer a freeze: held, insufficient funds, already withdrawn, or moved on",
    description=(
        "JSON body: `outcome`; `amount` in FCFA for held (at most the amount asked) and moved "
        "on; for moved on, `next_issuer` (an organisation code such as orange_money), "
        "`next_account` and `next_account_type`: the next freeze is sent to that issuer at "
        "once, and its reference is in `next`. An answer to a freeze already answered is a 409."
    ),
)
def freeze_answer(
    request: HttpRequest, reference: str, payload: FreezeAnswerIn
) -> FreezeOut | Status[ErrorOut]:
    api_key = _key(request)
    freeze = _get(api_key, reference)
    next_issuer = None
    if payload.outcome == FreezeStatus.MOVED_ON and payload.next_issuer:
        next_issuer = Organisation.objects.filter(code=payload.next_issuer[:60]).first()
        if next_issuer is None:
            message = _("No issuer has this code.")
            return _bad(message, {"next_issuer": [message]})
    try:
        freezes.freeze_answer(
            actor=api_key,
            freeze=freeze,
            outcome=payload.outcome,
            amount=payload.amount,
            next_issuer=next_issuer,
            next_account=payload.next_account,
            next_account_type=payload.next_account_type,
        )
    except InvalidAction as refused:
        if not refused.fields:
            raise
        return _bad(refused.message, refused.fields)
    return _out(_get(api_key, reference))
