"""Public reporting endpoints: file a report, add evidence, follow it."""

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import File, Header, Router, Status
from ninja.files import UploadedFile

from vigilance.core.errors import ErrorOut, error_body
from vigilance.core.ratelimit import check_rate, client_address, rate_limit
from vigilance.intake import access, notifications, services, verification
from vigilance.intake.models import Channel, ContactVerification, Report
from vigilance.intake.receipts import receipt_pdf
from vigilance.intake.schemas import (
    ContactCodeIn,
    ContactConfirmed,
    ContactVerificationIn,
    ContactVerificationSent,
    EvidenceListed,
    EvidenceOut,
    HistoryEntry,
    InformationIn,
    ReportCreated,
    ReporterIn,
    ReportIn,
    ReportStatusOut,
)
from vigilance.intake.selectors import report_public_view

router = Router(tags=["reports"])


def reporter_from_payload(reporter: ReporterIn) -> services.ReporterInput:
    return services.ReporterInput(
        type=reporter.type,
        role=reporter.role,
        is_anonymous=reporter.anonymous,
        name=reporter.name,
        phone=reporter.phone,
        email=reporter.email,
        victim_is_minor=reporter.victim_is_minor,
    )


def draft_from_payload(payload: ReportIn) -> services.ReportDraft:
    reporter = payload.reporter
    loss = payload.loss
    return services.ReportDraft(
        category=payload.category,
        description=payload.description,
        incident_date=payload.incident_date,
        region=payload.region,
        department=payload.department,
        reporter=reporter_from_payload(reporter),
        identifiers=[
            services.IdentifierInput(type=s.type, value=s.value, role=s.role)
            for s in payload.suspects
        ],
        loss=services.LossInput(
            amount=loss.amount,
            currency=loss.currency.upper(),
            channel=loss.channel,
            receipt=loss.receipt,
        )
        if loss
        else None,
        language=payload.language,
        consent=payload.consent,
    )


@router.post(
    "/reports",
    response={201: ReportCreated, 422: ErrorOut, 400: ErrorOut, 429: ErrorOut},
    summary="File a report",
    auth=None,
)
@rate_limit("submit", per_ip="RATE_SUBMIT_PER_IP", overall="RATE_SUBMIT_GLOBAL")
def submit_report(request: HttpRequest, payload: ReportIn) -> Status[ReportCreated]:
    submitted = services.report_submit(draft=draft_from_payload(payload), channel=Channel.API)
    report = submitted.report
    return Status(
        201,
        ReportCreated(
            reference=report.reference,
            tracking_code=submitted.tracking_code,
            status=report.status,
            receipt_url=f"/api/v1/reports/{report.reference}/receipt.pdf",
        ),
    )


@router.post(
    "/reports/{reference}/evidence",
    response={201: EvidenceOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Add an evidence file to a report",
    auth=None,
)
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def add_evidence(
    request: HttpRequest,
    reference: str,
    file: File[UploadedFile],
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
) -> Status[EvidenceOut]:
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    stored = services.report_add_uploaded_evidence(
        report=report, upload=file, address=client_address("evidence", request)
    )
    return Status(
        201, EvidenceOut(sha256=stored.sha256, size=stored.size, content_type=stored.content_type)
    )


@router.get(
    "/reports/{reference}",
    response={200: ReportStatusOut, 404: ErrorOut, 429: ErrorOut},
    summary="Follow a report",
    auth=None,
)
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def follow_report(
    request: HttpRequest, reference: str, x_tracking_code: str = Header("", alias="X-Tracking-Code")
) -> ReportStatusOut:
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    notifications.message_notices_resume(report)
    return _status_out(report)


def _status_out(report: Report) -> ReportStatusOut:
    view = report_public_view(report)
    return ReportStatusOut(
        reference=report.reference,
        status=report.status,
        status_label=view.status_label,
        category=report.category_id,
        submitted_at=report.submitted_at,
        is_anonymous=report.is_anonymous,
        outcome=view.outcome,
        outcome_label=view.outcome_label,
        agency=view.agency,
        history=[
            HistoryEntry(
                at=e.at,
                kind=e.kind,
                label=e.label,
                note=e.note,
                agency=e.agency,
                outcome=e.outcome,
                outcome_label=e.outcome_label,
            )
            for e in view.history
        ],
        evidence=[
            EvidenceListed(
                sha256=e.sha256,
                size=e.size,
                content_type=e.content_type,
                name=e.original_name,
                received_at=e.received_at,
            )
            for e in view.evidence
        ],
    )


@router.post(
    "/reports/{reference}/information",
    response={201: ReportStatusOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Add information to a report",
    auth=None,
)
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def add_information(
    request: HttpRequest,
    reference: str,
    payload: InformationIn,
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
) -> Status[ReportStatusOut]:
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    services.report_add_information(report=report, text=payload.text)
    return Status(201, _status_out(report))


@router.post(
    "/reports/{reference}/identity",
    response={200: ReportStatusOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Turn an anonymous tip into a complaint",
    auth=None,
)
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def complete_identity(
    request: HttpRequest,
    reference: str,
    payload: ReporterIn,
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
) -> ReportStatusOut:
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    services.report_complete_identity(report=report, reporter=reporter_from_payload(payload))
    return _status_out(report)


@router.get(
    "/reports/{reference}/receipt.pdf",
    response={404: ErrorOut, 429: ErrorOut},
    summary="Download the signed receipt of a report",
    auth=None,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The acknowledgement of receipt, signed by the platform (PAdES).",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def download_receipt(
    request: HttpRequest, reference: str, x_tracking_code: str = Header("", alias="X-Tracking-Code")
) -> HttpResponse:
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    response = HttpResponse(receipt_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    # The receipt names the reporter: no shared cache may keep it.
    response["Cache-Control"] = "no-store, private"
    return response


def _refused(refused: verification.VerificationRefused) -> Status[dict[str, object]]:
    return Status(400, error_body(refused.code, refused.message))


@router.post(
    "/reports/{reference}/contact/verification",
    response={
        201: ContactVerificationSent,
        400: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Send a code by SMS, or a link by e-mail, to confirm the reporter's contact",
    description="Confirmed reports count toward the public check's status. A code is valid for "
    "10 minutes and 5 tries; a link for 48 hours, once. At most 3 sends per hour and channel.",
    auth=None,
)
def send_contact_verification(
    request: HttpRequest,
    reference: str,
    payload: ContactVerificationIn | None = None,
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
) -> Status[Any]:
    check_rate(
        request,
        group="contact-send",
        per_ip=verification.SEND_RATE_PER_IP,
        overall=verification.SEND_RATE_GLOBAL,
    )
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    available = verification.channels_to_confirm(report)
    default = available[0] if available else ContactVerification.Channel.PHONE
    channel: str = payload.channel if payload and payload.channel else default
    try:
        sent = verification.contact_verification_send(report=report, channel=channel)
    except verification.VerificationRefused as refused:
        return _refused(refused)
    return Status(
        201,
        {"channel": sent.channel, "sent_to": sent.sent_to, "expires_at": sent.expires_at},
    )


@router.post(
    "/reports/{reference}/contact/verification/confirm",
    response={200: ContactConfirmed, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Confirm the reporter's phone with the code received by SMS",
    auth=None,
)
def confirm_contact_verification(
    request: HttpRequest,
    reference: str,
    payload: ContactCodeIn,
    x_tracking_code: str = Header("", alias="X-Tracking-Code"),
) -> Status[Any]:
    check_rate(
        request,
        group="contact-confirm",
        per_ip=verification.CONFIRM_RATE_PER_IP,
        overall=verification.SEND_RATE_GLOBAL,
    )
    report = access.report_get_for_tracking(reference=reference, tracking_code=x_tracking_code)
    try:
        report = verification.contact_verification_confirm_code(report=report, code=payload.code)
    except verification.VerificationRefused as refused:
        return _refused(refused)
    return Status(
        200,
        ContactConfirmed(
            reference=report.reference,
            contact_verified_at=cast(dt.datetime, report.contact_verified_at),
        ),
    )
