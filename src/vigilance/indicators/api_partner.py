"""``GET /api/v1/fraud-list``: the confirmed-fraud identifiers that operators, mobile-money
providers and banks pull into their own systems (with an API key, or a partner's staff session).

Without ``since`` the answer is the whole list; with it, every change since then, removals
included (an entry that left the list comes with its new status). JSON or CSV, streamed row by
row so a large list never sits in memory. Every pull is audited; each key has its own rate limit.
The list honours TLP 2.0: never a RED identifier, and an AMBER+STRICT one only for the
organisation owning it (docs/decisions/0023-tlp-enforced.md).
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.api_keys import api_key_bearer, api_key_can, api_key_label
from vigilance.accounts.models import ApiKey, User
from vigilance.accounts.permissions import Permission, can
from vigilance.audit.services import audit_record
from vigilance.core.errors import ErrorOut, NotAllowed, NotFound, error_body
from vigilance.core.ratelimit import check_limit
from vigilance.indicators.normalise import TYPES
from vigilance.indicators.selectors import FRAUD_LIST_FIELDS, fraud_list_rows

router = Router(tags=["partners"])

FORMATS = ("json", "csv")


class FraudListItemOut(Schema):
    type: str
    value: str
    provider: str
    status: str
    status_changed_at: dt.datetime | None
    categories: list[str]


class FraudListOut(Schema):
    generated_at: dt.datetime
    since: dt.datetime | None
    count: int
    items: list[FraudListItemOut]


class FraudListInvalid(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _since(raw: str | None) -> dt.datetime | None:
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    message = _("Give a date (YYYY-MM-DD) or a date and time (ISO 8601).")
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is None:
                raise FraudListInvalid("since", message)
            moment = dt.datetime.combine(day, dt.time.min)
    except ValueError as error:
        raise FraudListInvalid("since", message) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _types(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return []
    types = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [kind for kind in types if kind not in TYPES]
    if unknown or not types:
        raise FraudListInvalid(
            "type", _("Unknown type of identifier: %(types)s.") % {"types": ", ".join(unknown)}
        )
    return types


def _format(raw: str | None) -> str:
    value = (raw or "json").strip().lower()
    if value not in FORMATS:
        raise FraudListInvalid("format", _("Choose json or csv."))
    return value


def _caller(request: HttpRequest) -> ApiKey | User:
    """The key or the person pulling, once their right to pull is checked."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        if not api_key_can(auth, Permission.PULL_FRAUD_LIST):
            raise NotAllowed(_("This key does not allow downloading the fraud list."))
        return auth
    if isinstance(auth, User) and can(auth, Permission.PULL_FRAUD_LIST):
        return auth
    raise NotFound


def _organisation_code(caller: ApiKey | User) -> str | None:
    """Whose list it is: AMBER+STRICT identifiers go to the organisation owning them only."""
    organisation = caller.organisation
    return organisation.code if organisation is not None else None


def _check_rate(request: HttpRequest, caller: ApiKey | User) -> None:
    name = f"key:{caller.prefix}" if isinstance(caller, ApiKey) else f"user:{caller.pk}"
    check_limit(group="fraud-list", key=name, rate=settings.RATE_FRAUD_LIST_PER_KEY)


def _item(row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip(FRAUD_LIST_FIELDS, row, strict=True))
    changed = item["status_changed_at"]
    item["status_changed_at"] = changed.isoformat() if changed is not None else None
    item["categories"] = list(item["categories"] or [])
    return item


def _json_chunks(rows: Iterable[tuple[Any, ...]], head: dict[str, Any]) -> Iterator[str]:
    # The count is only known at the end: it comes after the items.
    yield json.dumps(head)[:-1] + ', "items": ['
    count = 0
    for row in rows:
        yield ("," if count else "") + json.dumps(_item(row), ensure_ascii=False)
        count += 1
    yield f'], "count": {count}}}'


def _csv_chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FRAUD_LIST_FIELDS)
    for number, row in enumerate(rows, start=1):
        item = _item(row)
        item["categories"] = ";".join(item["categories"])
        item["status_changed_at"] = item["status_changed_at"] or ""
        writer.writerow([item[field] for field in FRAUD_LIST_FIELDS])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _audit(caller: ApiKey | User, details: dict[str, Any]) -> None:
    if isinstance(caller, ApiKey):
        audit_record(
            actor=None,
            actor_label=api_key_label(caller),
            action="fraud_list.pulled",
            object_type="api_key",
            object_id=caller.pk,
            details=details,
        )
    else:
        audit_record(actor=caller, action="fraud_list.pulled", details=details)


@router.get(
    "/fraud-list",
    auth=[api_key_bearer, staff_session],
    response={
        200: FraudListOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        429: ErrorOut,
    },
    summary="Confirmed fraud identifiers, or every change since a date (JSON or CSV)",
    description=(
        "Authorization: Bearer <API key> holding pull_fraud_list. `since` (ISO date or "
        "date-time): every indicator whose status changed since then, removals included. "
        "`type`: one type or several separated by commas. `format`: json (default) or csv."
    ),
)
def fraud_list(
    request: HttpRequest,
    since: str | None = None,
    type: str | None = None,
    format: str | None = None,
) -> StreamingHttpResponse | Status[ErrorOut]:
    caller = _caller(request)
    try:
        moment, types, output = _since(since), _types(type), _format(format)
    except FraudListInvalid as error:
        body = error_body(
            "invalid", _("Some fields are not valid."), {error.field: [error.message]}
        )
        return Status(400, ErrorOut(**body))
    _check_rate(request, caller)
    _audit(
        caller,
        {"since": moment.isoformat() if moment else None, "types": types, "format": output},
    )
    rows = fraud_list_rows(since=moment, types=types, organisation_code=_organisation_code(caller))
    if output == "csv":
        response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        response["Content-Disposition"] = f'attachment; filename="fraud-list-{stamp}.csv"'
    else:
        head = {
            "generated_at": timezone.now().isoformat(),
            "since": moment.isoformat() if moment else None,
        }
        response = StreamingHttpResponse(
            _json_chunks(rows, head), content_type="application/json; charset=utf-8"
        )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
