"""``GET /api/v1/audit/events``: the trail for auditors' tools, newest first, keyset-paged.

Anyone whose role does not allow reading the trail gets a 404, as for any need-to-know refusal.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.permissions import Permission, can
from vigilance.audit import services
from vigilance.core.errors import ErrorOut, NotFound, error_body

router = Router(auth=staff_session)


class AuditEventQuery(Schema):
    action: str = Field("", max_length=60, description="Prefix of the action's name.")
    actor: str = Field("", max_length=150, description="The actor's username (any case).")
    object_type: str = Field("", max_length=40)
    object_id: str = Field("", max_length=64)
    date_from: dt.date | None = Field(None, description="First day, Africa/Douala.")
    date_to: dt.date | None = Field(None, description="Last day included, Africa/Douala.")
    before: int | None = Field(None, ge=1, le=2**62, description="Events older than this one.")
    limit: int = Field(50, ge=1, le=200)


class AuditEventOut(Schema):
    sequence: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    organisation: str
    action: str
    object_type: str
    object_id: str
    address: str
    details: dict[str, object]
    previous_hash: str
    hash: str


class AuditEventPageOut(Schema):
    items: list[AuditEventOut]
    next_before: int | None = Field(
        description="Pass as ``before`` for the next (older) page; null on the last page."
    )


@router.get(
    "/audit/events",
    response={200: AuditEventPageOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The audit trail, newest first (auditors only)",
)
def audit_events(
    request: HttpRequest, query: Query[AuditEventQuery]
) -> AuditEventPageOut | Status[ErrorOut]:
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, Permission.VIEW_AUDIT):
        raise NotFound
    if query.date_from and query.date_to and query.date_to < query.date_from:
        message = _("The end date must not be before the start date.")
        body = error_body("invalid", _("Some fields are not valid."), {"date_to": [message]})
        return Status(422, ErrorOut(**body))
    page = services.audit_trail_read(
        actor=user,
        filters=services.AuditFilters(
            action=query.action.strip(),
            actor=query.actor.strip(),
            object_type=query.object_type.strip(),
            object_id=query.object_id.strip(),
            date_from=query.date_from,
            date_to=query.date_to,
        ),
        before=query.before,
        limit=query.limit,
    )
    return AuditEventPageOut(
        items=[AuditEventOut.from_orm(event) for event in page.events],
        next_before=page.next_before,
    )
