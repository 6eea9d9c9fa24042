"""The analysts' indicator API: search and read indicators, set their status, keep the warning
list (``/api/v1/indicators``, ``/api/v1/warning-list``), and mark indicators with TLP 2.0.

Session with a verified one-time code; a role that does not analyse indicators gets a 404, as for
any need-to-know refusal. Thin handlers: one selector or service each.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.accounts.models import User
from vigilance.core.errors import ErrorOut, InvalidAction, error_body
from vigilance.indicators import analysis, selectors
from vigilance.indicators.models import Indicator, WarningListEntry
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, display
from vigilance.indicators.services import (
    IndicatorStatusError,
    indicator_set_status,
    indicator_tlp_set,
)

router = Router(auth=staff_session, tags=["indicators"])

# 403: a missing CSRF token on a write (the session is a cookie).
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
# Database ids: anything beyond a 64-bit integer is refused before it reaches the database.
ID = Path(..., ge=1, le=2**62)
StatusCode = Literal["unverified", "confirmed_fraud", "false_positive", "disputed"]
TlpCode = Literal["clear", "green", "amber", "amber_strict", "red"]


class IndicatorQuery(Schema):
    type: str = Field("", max_length=20)
    value: str = Field("", max_length=500)
    status: StatusCode | Literal[""] = ""


class IndicatorOut(Schema):
    id: int
    type: str
    value: str
    display: str
    provider: str
    status: str
    status_changed_at: dt.datetime | None
    tlp: str
    report_count: int
    reporter_count: int
    verified_reporter_count: int
    categories: list[str]
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    is_warning_listed: bool


class IndicatorListOut(Schema):
    count: int
    items: list[IndicatorOut]


class StatusChangeOut(Schema):
    previous_status: str
    status: str
    reason: str
    actor: str | None
    at: dt.datetime


class TlpChangeOut(Schema):
    previous_tlp: str
    tlp: str
    reason: str
    actor: str | None
    at: dt.datetime


class DisputeOut(Schema):
    id: int
    statement: str
    language: str
    created_at: dt.datetime


class IndicatorDetailOut(IndicatorOut):
    history: list[StatusChangeOut]
    tlp_history: list[TlpChangeOut]
    open_disputes: list[DisputeOut]


class StatusIn(Schema):
    status: StatusCode
    reason: str = Field(max_length=2000)


class TlpIn(Schema):
    tlp: TlpCode
    reason: str = Field(max_length=2000)


class WarningListEntryOut(Schema):
    id: int
    type: str
    value: str
    is_suffix: bool
    reason: str
    created_at: dt.datetime


class WarningListIn(Schema):
    type: str = Field(max_length=20)
    value: str = Field(max_length=500)
    is_suffix: bool = False
    reason: str = Field(max_length=300)


def _analyst(request: HttpRequest) -> User:
    user = signed_in_user(request)
    analysis.require_analyst(user)
    return user


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        "id": indicator.pk,
        "type": indicator.type,
        "value": indicator.value,
        "display": display(indicator.type, indicator.value),
        "provider": indicator.provider,
        "status": indicator.status,
        "status_changed_at": indicator.status_changed_at,
        "tlp": indicator.tlp,
        "report_count": indicator.report_count,
        "reporter_count": indicator.reporter_count,
        "verified_reporter_count": indicator.verified_reporter_count,
        "categories": list(indicator.categories or []),
        "first_seen": indicator.first_seen,
        "last_seen": indicator.last_seen,
        "is_warning_listed": indicator.is_warning_listed,
    }


def _detail_out(indicator_id: int) -> IndicatorDetailOut:
    detail = selectors.indicator_detail(indicator_id=indicator_id)
    return IndicatorDetailOut(
        **_indicator_out(detail.indicator),
        history=[
            StatusChangeOut(
                previous_status=change.previous_status,
                status=change.status,
                reason=change.reason,
                actor=change.actor.username if change.actor else None,
                at=change.created_at,
            )
            for change in detail.history
        ],
        tlp_history=[
            TlpChangeOut(
                previous_tlp=change.previous_tlp,
                tlp=change.tlp,
                reason=change.reason,
                actor=change.actor.username if change.actor else None,
                at=change.created_at,
            )
            for change in detail.tlp_history
        ],
        open_disputes=[
            DisputeOut(id=d.pk, statement=d.statement, language=d.language, created_at=d.created_at)
            for d in detail.open_disputes
        ],
    )


def _entry_out(entry: WarningListEntry) -> WarningListEntryOut:
    return WarningListEntryOut(
        id=entry.pk,
        type=entry.type,
        value=entry.value,
        is_suffix=entry.is_suffix,
        reason=entry.reason,
        created_at=entry.created_at,
    )


def _invalid(error: InvalidAction) -> Status[ErrorOut]:
    return Status(
        422, ErrorOut(**error_body("invalid", _("Some fields are not valid."), error.fields))
    )


@router.get(
    "/indicators",
    response={200: IndicatorListOut, **ERRORS},
    summary="Search indicators by value (any type, or one), status or type",
)
def list_indicators(
    request: HttpRequest, query: Query[IndicatorQuery]
) -> IndicatorListOut | Status[ErrorOut]:
    _analyst(request)
    if query.type and query.type not in TYPES:
        message = _("Unknown type of identifier.")
        return _invalid(InvalidAction(message, {"type": [message]}))
    try:
        result = selectors.indicator_search(value=query.value, type=query.type, status=query.status)
    except InvalidIdentifier as error:
        return _invalid(InvalidAction(str(error), {"value": [str(error)]}))
    items = [IndicatorOut(**_indicator_out(row)) for row in result.indicators]
    return IndicatorListOut(count=len(items), items=items)


@router.get(
    "/indicators/{indicator_id}",
    response={200: IndicatorDetailOut, **ERRORS},
    summary="An indicator, its status history and its open disputes",
)
def read_indicator(request: HttpRequest, indicator_id: int = ID) -> IndicatorDetailOut:
    _analyst(request)
    return _detail_out(indicator_id)


@router.post(
    "/indicators/{indicator_id}/status",
    response={200: IndicatorDetailOut, **ERRORS},
    summary="Set an indicator's status, with the reason kept in its history",
)
def set_status(
    request: HttpRequest, payload: StatusIn, indicator_id: int = ID
) -> IndicatorDetailOut | Status[ErrorOut]:
    user = _analyst(request)
    indicator = selectors.indicator_get(indicator_id=indicator_id)
    if not payload.reason.strip():
        message = _("Say why: the reason is kept in the indicator's history.")
        return _invalid(InvalidAction(message, {"reason": [message]}))
    try:
        indicator_set_status(
            indicator=indicator, status=payload.status, reason=payload.reason, actor=user
        )
    except IndicatorStatusError as error:
        return Status(409, ErrorOut(**error_body("invalid_action", str(error))))
    return _detail_out(indicator.pk)


@router.post(
    "/indicators/{indicator_id}/tlp",
    response={200: IndicatorDetailOut, **ERRORS},
    summary="Set an indicator's TLP marking, with the reason kept in its history",
)
def set_tlp(
    request: HttpRequest, payload: TlpIn, indicator_id: int = ID
) -> IndicatorDetailOut | Status[ErrorOut]:
    user = _analyst(request)
    indicator = selectors.indicator_get(indicator_id=indicator_id)
    try:
        indicator_tlp_set(indicator=indicator, tlp=payload.tlp, reason=payload.reason, actor=user)
    except InvalidAction as error:
        return _invalid(error)
    return _detail_out(indicator.pk)


@router.get(
    "/warning-list",
    response={200: list[WarningListEntryOut], **ERRORS},
    summary="The warning list: values that never link reports together",
)
def list_warning_list(request: HttpRequest) -> list[WarningListEntryOut]:
    _analyst(request)
    return [_entry_out(entry) for entry in selectors.warning_list_entries()]


@router.post(
    "/warning-list",
    response={201: WarningListEntryOut, **ERRORS},
    summary="Add a value (normalised) to the warning list",
)
def add_to_warning_list(
    request: HttpRequest, payload: WarningListIn
) -> Status[WarningListEntryOut] | Status[ErrorOut]:
    user = _analyst(request)
    try:
        entry = analysis.warning_list_add(
            actor=user,
            type=payload.type,
            value=payload.value,
            is_suffix=payload.is_suffix,
            reason=payload.reason,
        )
    except InvalidAction as error:
        return _invalid(error)
    return Status(201, _entry_out(entry))


@router.delete(
    "/warning-list/{entry_id}",
    response={204: None, **ERRORS},
    summary="Take a value off the warning list",
)
def remove_from_warning_list(request: HttpRequest, entry_id: int = ID) -> Status[None]:
    user = _analyst(request)
    entry = selectors.warning_list_entry_get(entry_id=entry_id)
    analysis.warning_list_remove(actor=user, entry=entry)
    return Status(204, None)
