"""The ministry's and coordination centre's page for the annual report: a button that asks for
the signed PDF of a year, and the reports kept, to download with their SHA-256."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.stats.annual_report.access import may_issue_annual_report
from vigilance.stats.annual_report.services import (
    annual_report_download,
    annual_report_request,
    annual_reports_issued,
)
from vigilance.stats.forms.open_data import AnnualReportForm

TEMPLATE = "stats/annual/page.html"


@staff_required(Permission.VIEW_STATISTICS)
@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not may_issue_annual_report(user):
        raise NotFound
    if request.method == "POST":
        form = AnnualReportForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                annual_report_request(actor=user, year=year)
            except InvalidAction as refused:
                form.add_error("year", refused.message)
            else:
                messages.success(
                    request,
                    _(
                        "The report for %(year)s is being prepared and signed: it appears "
                        "below within a minute (reload the page)."
                    )
                    % {"year": year},
                )
                return redirect("stats:annual_report")
        status = 400
    else:
        form = AnnualReportForm(initial={"year": timezone.localdate().year - 1})
        status = 200
    context = {"form": form, "reports": annual_reports_issued(), "nav": "statistics"}
    return render(request, TEMPLATE, context, status=status)


@staff_required(Permission.VIEW_STATISTICS)
@require_GET
def annual_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    user = signed_in_user(request)
    pdf, sha256 = annual_report_download(actor=user, year=year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="vigilance-annual-report-{year}.pdf"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-SHA256"] = sha256
    return response
