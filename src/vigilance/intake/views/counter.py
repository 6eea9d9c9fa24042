"""Filing a report for a victim at a counter or on the phone, on one page (staff only).

The tracking code is shown once, on the page that follows the filing, for the staff member to
hand over; it never travels in a URL. The signed receipt is given to the staff member who filed
the report, from the browser session that filed it, and the download is in the audit trail.
"""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.audit.services import audit_record
from vigilance.intake import access, receipts, services
from vigilance.intake.forms.counter import CounterReportForm
from vigilance.intake.models import Report

FILED_KEY = "counter_filed"


def _render_form(request: HttpRequest, form: CounterReportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "nav": "counter",
        "max_rows": services.MAX_IDENTIFIERS,
        "privacy_url": reverse("intake:privacy"),
    }
    response = render(request, "intake/counter_report.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@staff_required(Permission.FILE_ON_BEHALF)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, CounterReportForm())
    rows = CounterReportForm.rows_in(request.POST)
    if "add_row" in request.POST:
        # The no-script "add a row" button: what was typed, unchecked, with one row more.
        form = CounterReportForm(initial=request.POST.dict(), rows=rows + 1)
        return _render_form(request, form)
    form = CounterReportForm(request.POST, rows=rows)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    channel = form.cleaned_data["channel"]
    try:
        submitted = services.report_submit(
            draft=form.draft(), channel=channel, filed_by=signed_in_user(request)
        )
    except services.ReportInvalid as invalid:
        form.add_service_errors(invalid.fields)
        return _render_form(request, form, status=400)
    reference = submitted.report.reference
    session = request.session
    session[FILED_KEY] = {"reference": reference, "tracking_code": submitted.tracking_code}
    access.counter_receipt_grant(session, reference)
    return redirect("counter:done")


@staff_required(Permission.FILE_ON_BEHALF)
@require_GET
def done(request: HttpRequest) -> HttpResponse:
    filed = request.session.get(FILED_KEY)
    if not isinstance(filed, dict) or not filed.get("reference"):
        return redirect("counter:report")
    reference, code = str(filed["reference"]), str(filed.get("tracking_code", ""))
    if code:
        # Shown once: a reload, or the back button, no longer brings it back.
        request.session[FILED_KEY] = {"reference": reference, "tracking_code": ""}
    language = get_language() or "fr"
    follow_url = receipts.follow_url(language)
    context = {
        "nav": "counter",
        "reference": reference,
        "tracking_code": code,
        "follow_url": follow_url,
        "qr_code": receipts.qr_data_uri(follow_url),
        "receipt_url": reverse("counter:receipt", kwargs={"reference": reference}),
    }
    response = render(request, "intake/counter_done.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _receipt_issue(*, report: Report, actor: User) -> bytes:
    """The signed receipt, made for the staff member who filed the report; recorded."""
    pdf = receipts.receipt_pdf(report)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="report.receipt_downloaded",
            object_type="report",
            object_id=report.reference,
            details={"channel": report.channel},
        )
    return pdf


@staff_required(Permission.FILE_ON_BEHALF)
@require_GET
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    user = signed_in_user(request)
    report = access.report_get_filed_by(user=user, session=request.session, reference=reference)
    response = HttpResponse(
        _receipt_issue(report=report, actor=user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response
