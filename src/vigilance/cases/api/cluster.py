"""The staff cluster API: the reports linked to a report or a case through shared indicators, as
nodes and edges, with the same need-to-know redaction as the page, and requests for access.

A report or case outside the caller's need-to-know answers 404. Reports of the cluster that the
caller may not see come as ``visible: false`` with only their holder; the caller names them by
their ``key`` to ask for access. Counts (``report_count`` of an identifier,
``visible_report_total``) are of the reports the caller may see, never of the others; the
reports the caller may see that name one identifier, beyond those of the cluster, come page by
page from ``.../cluster/identifiers/{key}/reports`` (``next`` is the cursor of the next page).
"""

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vigilance.accounts.api_auth import staff_session
from vigilance.accounts.decorators import signed_in_user
from vigilance.cases import access
from vigilance.cases.models import Case
from vigilance.cases.selectors.cluster import (
    Cluster,
    ClusterIndicator,
    ClusterReport,
    case_cluster,
    cluster_restricted_report,
    report_cluster,
)
from vigilance.cases.selectors.cluster_reports import InvalidCursor, identifier_reports_page
from vigilance.cases.services.access_requests import REASON_LENGTH, access_request_create
from vigilance.core.errors import ErrorOut, error_body
from vigilance.intake.models import Report

router = Router(auth=staff_session)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ClusterReportOut(Schema):
    key: str
    visible: bool
    start: bool
    owner_organisation: str
    owner_unit: str
    in_case: bool
    access_requested: bool
    id: UUID | None = None
    reference: str | None = None
    category: str | None = None
    region: str | None = None
    submitted_at: dt.datetime | None = None
    unit: str | None = None
    case_id: UUID | None = None
    case_number: str | None = None


class ClusterIndicatorOut(Schema):
    key: str
    known: bool
    type: str | None = None
    display: str | None = None
    status: str | None = None
    report_count: int | None = None
    # True when report_count is a floor: the identifier is named by more reports than counted.
    report_count_at_least: bool | None = None


class ClusterEdgeOut(Schema):
    report: str
    indicator: str
    role: str | None = None


class ClusterOut(Schema):
    truncated: bool
    # Reports the caller may see: drawn here, and naming an identifier of the cluster.
    visible_report_shown: int
    visible_report_total: int
    # True when visible_report_total is a floor (an identifier named by very many reports).
    visible_report_total_at_least: bool
    reports: list[ClusterReportOut]
    indicators: list[ClusterIndicatorOut]
    edges: list[ClusterEdgeOut]


class IdentifierReportOut(Schema):
    id: UUID
    reference: str
    category: str
    region: str
    submitted_at: dt.datetime
    unit: str | None = None


class IdentifierReportsOut(Schema):
    reports: list[IdentifierReportOut]
    next: str | None = None


class AccessRequestIn(Schema):
    node: str
    reason: str


class AccessRequestOut(Schema):
    id: int
    node: str
    created_at: dt.datetime
    pending: bool


def _report_out(report: ClusterReport) -> ClusterReportOut:
    # Built without validation (model_construct): the values are the selector's, of the
    # schema's types, and validating 200 reports through ninja's getter cost 40,000 calls.
    shown = report.is_visible
    return ClusterReportOut.model_construct(
        key=report.key,
        visible=shown,
        start=report.is_start,
        owner_organisation=report.owner_organisation,
        owner_unit=report.owner_unit,
        in_case=report.in_case,
        access_requested=report.access_requested,
        id=UUID(report.public_id) if shown else None,
        reference=report.reference if shown else None,
        category=report.category if shown else None,
        region=report.region if shown else None,
        submitted_at=report.submitted_at if shown else None,
        unit=(report.unit or None) if shown else None,
        case_id=UUID(report.case_public_id) if report.case_public_id else None,
        case_number=report.case_number or None,
    )


def _indicator_out(item: ClusterIndicator) -> ClusterIndicatorOut:
    return ClusterIndicatorOut.model_construct(
        key=item.key,
        known=item.is_known,
        type=item.type or None,
        display=item.shown or None,
        status=item.status or None,
        report_count=item.visible_report_count if item.is_known else None,
        report_count_at_least=item.visible_report_count_is_floor if item.is_known else None,
    )


def _out(cluster: Cluster) -> ClusterOut:
    return ClusterOut.model_construct(
        truncated=cluster.is_truncated,
        visible_report_shown=sum(1 for report in cluster.reports if report.is_visible),
        visible_report_total=cluster.visible_report_total,
        visible_report_total_at_least=cluster.visible_report_total_is_floor,
        reports=[_report_out(report) for report in cluster.reports],
        indicators=[_indicator_out(item) for item in cluster.indicators],
        edges=[
            ClusterEdgeOut.model_construct(
                report=e.report_key, indicator=e.indicator_key, role=e.role or None
            )
            for e in cluster.edges
        ],
    )


def _identifier_reports(request: HttpRequest, key: str, after: str) -> Status:
    try:
        page = identifier_reports_page(user=signed_in_user(request), key=key, cursor=after)
    except InvalidCursor as error:
        return Status(400, error_body("invalid", error.message, error.fields))
    body = IdentifierReportsOut(
        reports=[
            IdentifierReportOut(
                id=report.public_id,
                reference=report.reference,
                category=report.category.name,
                region=report.region.name,
                submitted_at=report.submitted_at,
                unit=report.unit.name if report.unit else None,
            )
            for report in page.reports
        ],
        next=page.next_cursor or None,
    )
    return Status(200, body)


def _report(request: HttpRequest, report_id: str) -> Report:
    return access.report_get_for_user(user=signed_in_user(request), report_id=report_id)


def _case(request: HttpRequest, case_id: str) -> Case:
    return access.case_get_for_user(user=signed_in_user(request), case_id=case_id)


def _ask(request: HttpRequest, cluster: Cluster, payload: AccessRequestIn) -> Status:
    if len(payload.reason) > REASON_LENGTH:
        message = _("This value is too long (%(count)s characters at most).") % {
            "count": REASON_LENGTH
        }
        return Status(422, error_body("invalid", message, {"reason": [message]}))
    request_made = access_request_create(
        requester=signed_in_user(request),
        report=cluster_restricted_report(cluster=cluster, key=payload.node),
        reason=payload.reason,
    )
    body = AccessRequestOut(
        id=request_made.pk,
        node=payload.node,
        created_at=request_made.created_at,
        pending=request_made.answered_at is None,
    )
    return Status(201, body)


@router.get(
    "/staff/reports/{report_id}/cluster",
    response={200: ClusterOut, **ERRORS},
    summary="The reports linked to a report through shared indicators",
)
def read_report_cluster(request: HttpRequest, report_id: str) -> ClusterOut:
    reader = access.reader_resolve(signed_in_user(request))
    report = access.report_get_for_user(user=reader.user, report_id=report_id, reader=reader)
    return _out(report_cluster(user=reader.user, report=report, reader=reader))


@router.get(
    "/cases/{case_id}/cluster",
    response={200: ClusterOut, **ERRORS},
    summary="The reports linked to a case's reports through shared indicators",
)
def read_case_cluster(request: HttpRequest, case_id: str) -> ClusterOut:
    reader = access.reader_resolve(signed_in_user(request))
    case = access.case_get_for_user(user=reader.user, case_id=case_id, reader=reader)
    return _out(case_cluster(user=reader.user, case=case, reader=reader))


@router.get(
    "/staff/reports/{report_id}/cluster/identifiers/{key}/reports",
    response={200: IdentifierReportsOut, 400: ErrorOut, **ERRORS},
    summary="The reports the caller may see that name one identifier of a report's cluster",
)
def read_report_cluster_identifier(
    request: HttpRequest, report_id: str, key: str, after: str = ""
) -> Status:
    _report(request, report_id)
    return _identifier_reports(request, key, after)


@router.get(
    "/cases/{case_id}/cluster/identifiers/{key}/reports",
    response={200: IdentifierReportsOut, 400: ErrorOut, **ERRORS},
    summary="The reports the caller may see that name one identifier of a case's cluster",
)
def read_case_cluster_identifier(
    request: HttpRequest, case_id: str, key: str, after: str = ""
) -> Status:
    access.require_case_standing(signed_in_user(request), _case(request, case_id))
    return _identifier_reports(request, key, after)


@router.post(
    "/staff/reports/{report_id}/cluster/access-requests",
    response={201: AccessRequestOut, **ERRORS},
    summary="Ask for access to a report of a report's cluster",
)
def ask_from_report_cluster(
    request: HttpRequest, report_id: str, payload: AccessRequestIn
) -> Status:
    cluster = report_cluster(user=signed_in_user(request), report=_report(request, report_id))
    return _ask(request, cluster, payload)


@router.post(
    "/cases/{case_id}/cluster/access-requests",
    response={201: AccessRequestOut, **ERRORS},
    summary="Ask for access to a report of a case's cluster",
)
def ask_from_case_cluster(request: HttpRequest, case_id: str, payload: AccessRequestIn) -> Status:
    cluster = case_cluster(user=signed_in_user(request), case=_case(request, case_id))
    return _ask(request, cluster, payload)
