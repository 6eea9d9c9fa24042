"""The staff case API: list and read cases, move them, and work on them (``/api/v1/cases``).

Thin handlers: each fetches the case through the gate, reads its input, calls one selector or
service, and answers. A case outside the caller's need-to-know answers 404; an action the
caller's role or standing on the case does not allow (a share recipient re-sharing, say) 403; an
action the case's state refuses 409; all in the contract's error shape.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases import access
from vigilance.cases.models import Case, CaseNote, CaseShare, CaseTask
from vigilance.cases.schemas_case import (
    AttachIn,
    CaseListOut,
    CaseOut,
    CaseSummaryOut,
    EventOut,
    EvidenceOut,
    IdentifierOut,
    LinkIn,
    LinkOut,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    ReopenIn,
    ReportRefOut,
    ShareIn,
    ShareOut,
    StatusIn,
    TaskIn,
    TaskOut,
)
from vigilance.cases.selectors.case import (
    case_detail,
    case_get_by_number_for_user,
    case_list_for_user,
    no_such_person,
    report_get_by_reference_for_user,
    share_person_by_username,
)
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import ErrorOut, InvalidAction, error_body

router = Router(auth=staff_session)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CaseFilters(Schema):
    status: str = ""
    unit: str = ""
    mine: bool = False
    cursor: str = Field(
        "",
        max_length=500,
        description="The next or previous value of the page before; empty for the first page.",
    )


def _summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.public_id,
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "status_label": case.get_status_display(),
        "outcome": case.outcome,
        "priority": case.priority,
        "tlp": case.tlp,
        "owning_unit": case.owning_unit.code,
        "organisation": case.owning_unit.organisation.code,
        "lead": case.lead.username if case.lead else None,
        "opened_at": case.opened_at,
        "updated_at": case.updated_at,
    }


def _task(task: CaseTask) -> TaskOut:
    return TaskOut(
        id=task.pk,
        title=task.title,
        assignee=task.assignee.username if task.assignee else None,
        due_date=task.due_date,
        done_at=task.done_at,
    )


def _note(note: CaseNote) -> NoteOut:
    return NoteOut(
        id=note.pk, author=note.author.username, body=note.body, created_at=note.created_at
    )


def _share(share: CaseShare) -> ShareOut:
    return ShareOut(
        id=share.pk,
        unit=share.unit.code if share.unit else None,
        organisation=share.organisation.code if share.organisation else None,
        user=share.user.username if share.user else None,
        reason=share.reason,
        may_contribute=share.may_contribute,
        may_download_evidence=share.may_download_evidence,
        may_export_case_file=share.may_export_case_file,
        expires_at=share.expires_at,
    )


def _case_out(user: User, case: Case) -> CaseOut:
    detail = case_detail(user=user, case=case)
    return CaseOut(
        **_summary(detail.case),
        reports=[
            ReportRefOut(
                id=r.public_id,
                reference=r.reference,
                category=r.category_id,
                region=r.region_id,
                status=r.status,
            )
            for r in detail.reports
        ],
        reports_total=detail.reports_total.value if detail.reports_total else len(detail.reports),
        reports_total_capped=bool(detail.reports_total and detail.reports_total.is_capped),
        cut=[
            name
            for name, more in (
                ("reports", detail.reports_more),
                ("identifiers", detail.identifiers_more),
                ("evidence", detail.evidence_more),
                ("timeline", detail.events_more),
            )
            if more
        ],
        identifiers=[
            IdentifierOut(type=i.type, value=i.value, display=i.shown, reports=i.report_count)
            for i in detail.identifiers
        ],
        evidence=[
            EvidenceOut(
                name=e.original_name, content_type=e.content_type, size=e.size, sha256=e.sha256
            )
            for e in detail.evidence
        ],
        tasks=[_task(t) for t in detail.tasks],
        notes=[_note(n) for n in detail.notes],
        timeline=[
            EventOut(
                at=e.at,
                kind=e.kind,
                label=e.get_kind_display(),
                actor=e.actor.username if e.actor else None,
                summary=e.summary,
            )
            for e in detail.events
        ],
        shares=[_share(s) for s in detail.shares],
        links=[
            LinkOut(
                visible=link.is_visible,
                organisation=link.organisation,
                number=link.number or None,
                id=UUID(link.public_id) if link.public_id else None,
                title=link.title or None,
                reason=link.reason or None,
            )
            for link in detail.links
        ],
        actions=sorted(detail.actions),
    )


def _case(request: HttpRequest, case_id: str) -> Case:
    return access.case_get_for_user(user=signed_in_user(request), case_id=case_id)


@router.get("/cases", response={200: CaseListOut, **ERRORS}, summary="List the cases I may see")
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> CaseListOut | Status:
    """Newest first, one keyset page at a time: pass ``next`` (or ``previous``) back as
    ``cursor``. A cursor not made by this list answers 422."""
    try:
        listed = case_list_for_user(
            user=signed_in_user(request),
            status=filters.status,
            unit=filters.unit,
            mine=filters.mine,
            cursor=filters.cursor,
        )
    except InvalidAction as error:
        return Status(422, error_body("invalid", error.message, error.fields))
    return CaseListOut(
        count=listed.count.value,
        count_capped=listed.count.is_capped,
        next=listed.page.next_cursor or None,
        previous=listed.page.previous_cursor or None,
        items=[CaseSummaryOut(**_summary(case)) for case in listed.page.items],
    )


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="Read a case")
def read_case(request: HttpRequest, case_id: str) -> CaseOut:
    case = _case(request, case_id)
    work.case_view_record(case=case, actor=signed_in_user(request))
    return _case_out(signed_in_user(request), case)


@router.post(
    "/cases/{case_id}/status", response={200: CaseOut, **ERRORS}, summary="Change a case's status"
)
def change_status(request: HttpRequest, case_id: str, payload: StatusIn) -> CaseOut:
    case = _case(request, case_id)
    lifecycle.case_transition(
        case=case, status=payload.status, outcome=payload.outcome, actor=signed_in_user(request)
    )
    return _case_out(signed_in_user(request), case)


@router.post("/cases/{case_id}/reopen", response={200: CaseOut, **ERRORS}, summary="Reopen a case")
def reopen_case(request: HttpRequest, case_id: str, payload: ReopenIn) -> CaseOut:
    case = _case(request, case_id)
    lifecycle.case_reopen(case=case, reason=payload.reason, actor=signed_in_user(request))
    return _case_out(signed_in_user(request), case)


@router.post(
    "/cases/{case_id}/reports", response={200: CaseOut, **ERRORS}, summary="Attach a report"
)
def attach_report(request: HttpRequest, case_id: str, payload: AttachIn) -> CaseOut:
    case = _case(request, case_id)
    report = report_get_by_reference_for_user(
        user=signed_in_user(request), reference=payload.reference
    )
    lifecycle.case_attach_report(case=case, report=report, actor=signed_in_user(request))
    return _case_out(signed_in_user(request), case)


def _assignee(username: str | None) -> User | None:
    if not username:
        return None
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise InvalidAction(
            _("Nobody has this username."), {"assignee": [_("Nobody has this username.")]}
        )
    return found


@router.post("/cases/{case_id}/tasks", response={201: TaskOut, **ERRORS}, summary="Add a task")
def add_task(request: HttpRequest, case_id: str, payload: TaskIn) -> Status[TaskOut]:
    task = work.case_task_add(
        case=_case(request, case_id),
        title=payload.title,
        assignee=_assignee(payload.assignee),
        due_date=payload.due_date,
        actor=signed_in_user(request),
    )
    return Status(201, _task(task))


@router.post(
    "/cases/{case_id}/tasks/{task_id}/done",
    response={200: TaskOut, **ERRORS},
    summary="Mark a task done",
)
def complete_task(request: HttpRequest, case_id: str, task_id: int) -> TaskOut:
    task = work.case_task_complete(
        case=_case(request, case_id), task_id=task_id, actor=signed_in_user(request)
    )
    return _task(task)


@router.post(
    "/cases/{case_id}/notes", response={201: NoteOut, **ERRORS}, summary="Add an internal note"
)
def add_note(request: HttpRequest, case_id: str, payload: NoteIn) -> Status[NoteOut]:
    note = work.case_note_add(
        case=_case(request, case_id), body=payload.body, actor=signed_in_user(request)
    )
    return Status(201, _note(note))


def _recipient(payload: ShareIn) -> dict[str, object]:
    given = [name for name in ("unit", "organisation", "user") if getattr(payload, name)]
    if len(given) != 1:
        raise InvalidAction(
            _("Share with one unit, one organisation or one person."),
            {"recipient": [_("Choose one recipient.")]},
        )
    name = given[0]
    value = getattr(payload, name)
    model = {"unit": Unit, "organisation": Organisation}.get(name)
    if model is None:
        person = share_person_by_username(value)
        if person is None:
            raise InvalidAction(no_such_person(), {name: [no_such_person()]})
        return {name: person}
    found = model.objects.filter(code=value).first()  # type: ignore[attr-defined]
    if found is None:
        raise InvalidAction(
            _("This recipient does not exist."), {name: [_("Choose one recipient.")]}
        )
    return {name: found}


@router.post("/cases/{case_id}/shares", response={201: ShareOut, **ERRORS}, summary="Share a case")
def add_share(request: HttpRequest, case_id: str, payload: ShareIn) -> Status[ShareOut]:
    case = _case(request, case_id)
    share = work.case_share_add(
        case=case,
        reason=payload.reason,
        expires_at=payload.expires_at,
        may_contribute=payload.may_contribute,
        may_download_evidence=payload.may_download_evidence,
        may_export_case_file=payload.may_export_case_file,
        actor=signed_in_user(request),
        **_recipient(payload),  # type: ignore[arg-type]
    )
    return Status(201, _share(share))


@router.delete(
    "/cases/{case_id}/shares/{share_id}",
    response={200: ShareOut, **ERRORS},
    summary="Revoke a share",
)
def revoke_share(request: HttpRequest, case_id: str, share_id: int) -> ShareOut:
    share = work.case_share_revoke(
        case=_case(request, case_id), share_id=share_id, actor=signed_in_user(request)
    )
    return _share(share)


@router.post(
    "/cases/{case_id}/links", response={201: CaseOut, **ERRORS}, summary="Link another case"
)
def add_link(request: HttpRequest, case_id: str, payload: LinkIn) -> Status[CaseOut]:
    case = _case(request, case_id)
    other = case_get_by_number_for_user(user=signed_in_user(request), number=payload.number)
    work.case_link_add(
        case=case, other_case=other, reason=payload.reason, actor=signed_in_user(request)
    )
    return Status(201, _case_out(signed_in_user(request), case))


@router.post(
    "/cases/{case_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Send a message to the victim of one of the case's reports",
)
def message_victim(request: HttpRequest, case_id: str, payload: MessageIn) -> Status[MessageOut]:
    case = _case(request, case_id)
    report = report_get_by_reference_for_user(
        user=signed_in_user(request), reference=payload.reference
    )
    work.case_message_victim(
        case=case, report=report, text=payload.text, actor=signed_in_user(request)
    )
    return Status(201, MessageOut(reference=report.reference, sent=True))
