"""The triage API: the queue (``/api/v1/triage``) and the staff view and actions of a report
(``/api/v1/staff/reports/{id}``).

Thin handlers: each reads its input, calls one selector or service, and answers. A report
outside the caller's need-to-know answers 404, a role that does not allow the action 403, a
refused action 409, bad input 422, all in the contract's error shape.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.accounts.models import Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access
from vigilance.cases.schemas import (
    DuplicateIn,
    OpenCaseIn,
    OpenedCaseOut,
    QueueFilters,
    QueueItemOut,
    QueueOut,
    RejectIn,
    ReporterOut,
    ReportEventOut,
    ReportEvidenceOut,
    ReportIdentifierOut,
    RequalifyIn,
    RouteIn,
    StaffReportOut,
)
from vigilance.cases.selectors.triage import report_detail, triage_queue
from vigilance.cases.services import triage
from vigilance.cases.services.lifecycle import require
from vigilance.core.errors import ErrorOut, InvalidAction, NotFound, error_body
from vigilance.core.models import OffenceCategory
from vigilance.intake import staff as report_staff
from vigilance.intake.models import Report

router = Router(auth=staff_session)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _report(request: HttpRequest, report_id: str) -> Report:
    return access.report_get_for_user(user=signed_in_user(request), report_id=report_id)


def _triage_report(request: HttpRequest, report_id: str) -> Report:
    """The report of a triage action: the role is checked first (403), then need-to-know (404)."""
    require(signed_in_user(request), Permission.TRIAGE)
    return _report(request, report_id)


def _invalid(message: str, fields: dict[str, list[str]]) -> Status:
    """Input that names nothing usable (a bad cursor, an unknown unit or category): 422."""
    return Status(422, error_body("invalid", message, fields))


@router.get(
    "/triage",
    response={200: QueueOut, **ERRORS},
    summary="The triage queue: reports waiting for triage, most urgent first",
)
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> QueueOut | Status:
    user = signed_in_user(request)
    if not can(user, Permission.VIEW_TRIAGE_QUEUE):
        raise NotFound
    try:
        page = triage_queue(
            user=user,
            category=filters.category or None,
            region=filters.region or None,
            after=filters.after,
        )
    except InvalidAction as error:
        return _invalid(error.message, error.fields)
    return QueueOut(
        items=[
            QueueItemOut(
                id=row.report.public_id,
                reference=row.report.reference,
                received_at=row.report.submitted_at,
                category=row.report.category_id,
                category_label=row.report.category.name,
                region=row.report.region_id,
                loss_amount=row.report.loss_amount,
                loss_currency=row.report.loss_currency,
                priority=row.report.priority,
                victim_is_minor=row.report.victim_is_minor,
                shared_reports=row.shared_reports,
                shared_reports_capped=row.linked.is_capped,
                suggested_unit=row.suggested_unit.code if row.suggested_unit else None,
                rule=row.rule_name or None,
            )
            for row in page.rows
        ],
        next=page.next_cursor or None,
    )


def _report_out(user: User, report_id: str) -> StaffReportOut:
    detail = report_detail(user=user, report_id=report_id)
    report = detail.report
    return StaffReportOut(
        id=report.public_id,
        reference=report.reference,
        status=report.status,
        status_label=report.get_status_display(),
        channel=report.channel,
        language=report.language,
        category=report.category_id,
        region=report.region_id,
        department=report.department_id,
        description=report.description,
        incident_date=report.incident_date,
        received_at=report.submitted_at,
        priority=report.priority,
        victim_is_minor=report.victim_is_minor,
        reporter=ReporterOut(
            anonymous=report.is_anonymous,
            type=report.reporter_type,
            role=report.reporter_role,
            name=report.reporter_name,
            phone=report.reporter_phone,
            email=report.reporter_email,
        ),
        loss_amount=report.loss_amount,
        loss_currency=report.loss_currency,
        loss_channel=report.loss_channel,
        unit=report.unit.code if report.unit else None,
        rule=report.routing_rule.name if report.routing_rule else None,
        informed_units=[unit.code for unit in detail.informed_units],
        duplicate_of=report.duplicate_of.reference if report.duplicate_of else None,
        identifiers=[
            ReportIdentifierOut(
                type=i.type, value=i.value, display=i.shown, role=i.role, provider=i.provider
            )
            for i in detail.identifiers
        ],
        evidence=[
            ReportEvidenceOut(
                id=e.public_id,
                name=e.original_name,
                content_type=e.content_type,
                size=e.size,
                sha256=e.sha256,
            )
            for e in detail.evidence
        ],
        history=[
            ReportEventOut(
                at=e.created_at,
                kind=e.kind,
                label=e.get_kind_display(),
                organisation=e.organisation.code if e.organisation else None,
            )
            for e in detail.events
        ],
        related=[other.reference for other in detail.related],
    )


@router.get(
    "/staff/reports/{report_id}",
    response={200: StaffReportOut, **ERRORS},
    summary="Read a report as staff (recorded in the audit trail)",
)
def read_report(request: HttpRequest, report_id: str) -> StaffReportOut:
    report_staff.report_view_record(
        report=_report(request, report_id), actor=signed_in_user(request)
    )
    return _report_out(signed_in_user(request), report_id)


@router.post(
    "/staff/reports/{report_id}/route",
    response={200: StaffReportOut, **ERRORS},
    summary="Route a report to a unit",
)
def route(request: HttpRequest, report_id: str, payload: RouteIn) -> StaffReportOut | Status:
    report = _triage_report(request, report_id)
    unit = Unit.objects.filter(code=payload.unit.strip(), is_active=True).first()
    if unit is None:
        return _invalid(_("Choose an active unit."), {"unit": [_("Unknown unit.")]})
    triage.triage_route(report=report, unit=unit, actor=signed_in_user(request))
    return _report_out(signed_in_user(request), report_id)


@router.post(
    "/staff/reports/{report_id}/requalify",
    response={200: StaffReportOut, **ERRORS},
    summary="Change a report's category",
)
def requalify(
    request: HttpRequest, report_id: str, payload: RequalifyIn
) -> StaffReportOut | Status:
    report = _triage_report(request, report_id)
    category = OffenceCategory.objects.filter(code=payload.category.strip()).first()
    if category is None:
        return _invalid(_("Choose a category."), {"category": [_("Unknown category.")]})
    triage.triage_requalify(
        report=report, category=category, reason=payload.reason, actor=signed_in_user(request)
    )
    return _report_out(signed_in_user(request), report_id)


@router.post(
    "/staff/reports/{report_id}/duplicate",
    response={200: StaffReportOut, **ERRORS},
    summary="Mark a report as a duplicate of an earlier one",
)
def duplicate(request: HttpRequest, report_id: str, payload: DuplicateIn) -> StaffReportOut:
    triage.triage_mark_duplicate(
        report=_triage_report(request, report_id),
        original=payload.original,
        reason=payload.reason,
        actor=signed_in_user(request),
    )
    return _report_out(signed_in_user(request), report_id)


@router.post(
    "/staff/reports/{report_id}/reject",
    response={200: StaffReportOut, **ERRORS},
    summary="Mark a report abusive",
)
def reject(request: HttpRequest, report_id: str, payload: RejectIn) -> StaffReportOut:
    triage.triage_reject(
        report=_triage_report(request, report_id),
        reason=payload.reason,
        actor=signed_in_user(request),
    )
    return _report_out(signed_in_user(request), report_id)


@router.post(
    "/staff/reports/{report_id}/case",
    response={201: OpenedCaseOut, **ERRORS},
    summary="Open a case from a report",
)
def open_case(request: HttpRequest, report_id: str, payload: OpenCaseIn) -> Status:
    require(signed_in_user(request), Permission.OPEN_CASE)
    case = triage.triage_open_case(
        report=_report(request, report_id),
        title=payload.title,
        tlp=payload.tlp,
        actor=signed_in_user(request),
    )
    return Status(201, OpenedCaseOut(id=case.public_id, number=case.number))
