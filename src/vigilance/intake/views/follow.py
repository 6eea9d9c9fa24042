"""Pages of following a report: sign in with reference and tracking code, then see and add to it.

Which reports this browser may open is kept in its session, as a list of report ids, so the
tracking code is typed once and never travels in a URL.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.core.ratelimit import check_rate, client_address, rate_limit
from vigilance.intake import access, next_steps, notifications, services, verification
from vigilance.intake.forms.follow import (
    ContactCodeForm,
    ContactSendForm,
    EvidenceForm,
    FollowSignInForm,
    IdentityForm,
    InformationForm,
)
from vigilance.intake.models import ContactVerification, Report
from vigilance.intake.receipts import receipt_pdf
from vigilance.intake.selectors import report_public_view

DISPLAY_ZONE = ZoneInfo("Africa/Douala")
_IDENTITY_FIELDS = {
    "reporter.type": "type",
    "reporter.role": "role",
    "reporter.name": "name",
    "reporter.phone": "phone",
    "reporter.email": "email",
}


def _followed_report(request: HttpRequest, reference: str) -> Report | None:
    """The report, only if this browser signed in for it; None otherwise, whether it exists or not."""
    try:
        return access.report_get_followed(session=request.session, reference=reference)
    except access.ReportNotFound:
        return None


def _to_sign_in() -> HttpResponse:
    return redirect("intake:follow")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _sign_in_attempt(request)
    return render(
        request, "intake/follow_sign_in.html", {"form": FollowSignInForm(), "nav": "follow"}
    )


@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def _sign_in_attempt(request: HttpRequest) -> HttpResponse:
    form = FollowSignInForm(request.POST)
    if form.is_valid():
        try:
            report = access.report_get_for_tracking(
                reference=form.cleaned_data["reference"],
                tracking_code=form.cleaned_data["tracking_code"],
            )
        except access.ReportNotFound:
            # One message whether the reference is unknown or the code wrong.
            form.add_error(
                None,
                _(
                    "We found no report with this reference and this tracking code. Check both "
                    "and try again."
                ),
            )
        else:
            # A new session key once the code is proven, so a key planted earlier is worthless.
            request.session.cycle_key()
            access.follow_grant(request.session, report)
            return redirect("intake:follow_report", reference=report.reference)
    return render(
        request, "intake/follow_sign_in.html", {"form": form, "nav": "follow"}, status=400
    )


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    information: InformationForm | None = None,
    evidence: EvidenceForm | None = None,
    identity: IdentityForm | None = None,
    contact: ContactCodeForm | None = None,
    contact_error: str = "",
    status: int = 200,
) -> HttpResponse:
    view = report_public_view(report)
    today = timezone.localdate(timezone=DISPLAY_ZONE)
    context = {
        "nav": "follow",
        "report": report,
        "view": view,
        "submitted_at": timezone.localtime(report.submitted_at, DISPLAY_ZONE),
        # The history says "today at 14:05" and "yesterday at 9:30" rather than the date.
        "today": today.isoformat(),
        "yesterday": (today - dt.timedelta(days=1)).isoformat(),
        "information_form": information or InformationForm(),
        "evidence_form": evidence or EvidenceForm(),
        "identity_form": (identity or IdentityForm()) if report.is_anonymous else None,
        "contact_form": contact or ContactCodeForm(),
        "contact_error": contact_error,
        "contact_channels": verification.channels_to_confirm(report),
        "phone_masked": verification.masked(report.reporter_phone),
        "email_masked": verification.masked(report.reporter_email),
        "status_meaning": next_steps.status_explanation(report.status),
        "status_explanations": next_steps.status_explanations(),
        "operator_lines": next_steps.operator_lines(named=next_steps.operators_named(report)),
    }
    response = render(request, "intake/follow_report.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def report_page(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    notifications.message_notices_resume(report)
    return _render_report(request, report)


@require_POST
def add_information(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    form = InformationForm(request.POST)
    if form.is_valid():
        try:
            services.report_add_information(report=report, text=form.cleaned_data["text"])
        except services.ReportInvalid as error:
            form.add_service_errors(error, {"text": "text"})
        else:
            messages.success(request, _("Thank you: your information was added to the report."))
            return redirect("intake:follow_report", reference=report.reference)
    return _render_report(request, report, information=form, status=400)


@require_POST
def add_evidence(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_add_uploaded_evidence(
                report=report,
                upload=form.cleaned_data["file"],
                address=client_address("evidence", request),
            )
        except services.ReportInvalid as error:
            form.add_service_errors(error, {"file": "file", "evidence": "file"})
        else:
            messages.success(request, _("Thank you: your file was added to the report."))
            return redirect("intake:follow_report", reference=report.reference)
    return _render_report(request, report, evidence=form, status=400)


@require_POST
def complete_identity(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    form = IdentityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        reporter = services.ReporterInput(
            type=data["type"],
            role=data["role"],
            is_anonymous=False,
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
        )
        try:
            services.report_complete_identity(report=report, reporter=reporter)
        except services.ReportInvalid as error:
            form.add_service_errors(error, _IDENTITY_FIELDS)
        else:
            messages.success(request, _("Thank you: your report is now a complaint in your name."))
            return redirect("intake:follow_report", reference=report.reference)
    if not report.is_anonymous:
        return redirect("intake:follow_report", reference=report.reference)
    return _render_report(request, report, identity=form, status=400)


@require_POST
def send_contact_verification(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    form = ContactSendForm(request.POST)
    if not form.is_valid():
        refusal = _("Choose how to confirm: by SMS or by e-mail.")
        return _render_report(request, report, contact_error=refusal, status=400)
    check_rate(
        request,
        group="contact-send",
        per_ip=verification.SEND_RATE_PER_IP,
        overall=verification.SEND_RATE_GLOBAL,
    )
    try:
        sent = verification.contact_verification_send(
            report=report, channel=form.cleaned_data["channel"]
        )
    except verification.VerificationRefused as refused:
        return _render_report(request, report, contact_error=refused.message, status=400)
    if sent.channel == ContactVerification.Channel.PHONE:
        done = _("We sent a 6-digit code by SMS to %(to)s: type it below.")
    else:
        done = _("We sent a link to %(to)s: open it within 48 hours to confirm.")
    messages.success(request, done % {"to": sent.sent_to})
    return redirect(reverse("intake:follow_report", args=[report.reference]) + "#contact")


@require_POST
def confirm_contact(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    check_rate(
        request,
        group="contact-confirm",
        per_ip=verification.CONFIRM_RATE_PER_IP,
        overall=verification.SEND_RATE_GLOBAL,
    )
    form = ContactCodeForm(request.POST)
    if form.is_valid():
        try:
            verification.contact_verification_confirm_code(
                report=report, code=form.cleaned_data["code"]
            )
        except verification.VerificationRefused as refused:
            form.add_error("code", refused.message)
        else:
            messages.success(request, _("Thank you: your phone number is confirmed."))
            return redirect(reverse("intake:follow_report", args=[report.reference]) + "#contact")
    form.mark_errors()
    return _render_report(request, report, contact=form, status=400)


@require_POST
def stop_following(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is not None:
        access.follow_revoke(request.session, report)
    messages.info(request, _("This device no longer follows the report."))
    return _to_sign_in()


@require_GET
@rate_limit("follow", per_ip="RATE_FOLLOW_PER_IP", overall="RATE_FOLLOW_GLOBAL")
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    report = _followed_report(request, reference)
    if report is None:
        return _to_sign_in()
    response = HttpResponse(receipt_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
