"""The staff page of a report, its triage actions (one POST address each) and evidence download.

Reading the page is recorded in the audit trail (it shows the reporter's personal data). Each
action reads its form, calls one service and redirects back; a form error re-renders the page
with the form marked (400), a refused action with the reason (409).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access
from vigilance.cases.access import report_evidence_downloadable, report_evidence_get_for_user
from vigilance.cases.forms import triage as triage_forms
from vigilance.cases.selectors.triage import (
    report_detail as report_detail_get,
)
from vigilance.cases.services import triage
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.evidence.services import EvidenceIntegrityError, evidence_read, safe_display_name
from vigilance.indicators.annotations import annotations_for
from vigilance.intake import staff as report_staff
from vigilance.intake.models import Report, ReportStatus

Run = Callable[[User, Report, Any], tuple[str, str]]


@dataclass(frozen=True)
class Action:
    form: type[forms.Form]
    permission: str
    run: Run


def _page(report: Report) -> str:
    return reverse("cases:report_detail", kwargs={"report_id": report.public_id})


def _run_route(user: User, report: Report, form: Any) -> tuple[str, str]:
    unit = form.cleaned_data["unit"]
    triage.triage_route(report=report, unit=unit, actor=user)
    return _("The report is routed to %(unit)s.") % {"unit": unit.name}, _page(report)


def _run_requalify(user: User, report: Report, form: Any) -> tuple[str, str]:
    data = form.cleaned_data
    triage.triage_requalify(
        report=report, category=data["category"], reason=data["reason"], actor=user
    )
    message = _("The report is now in the category: %(category)s.")
    return message % {"category": data["category"].name}, _page(report)


def _run_duplicate(user: User, report: Report, form: Any) -> tuple[str, str]:
    data = form.cleaned_data
    triage.triage_mark_duplicate(
        report=report, original=data["original"], reason=data["reason"], actor=user
    )
    return _("The report is marked as a duplicate."), _page(report)


def _run_reject(user: User, report: Report, form: Any) -> tuple[str, str]:
    triage.triage_reject(report=report, reason=form.cleaned_data["reason"], actor=user)
    return _("The report is marked abusive."), _page(report)


def _run_open_case(user: User, report: Report, form: Any) -> tuple[str, str]:
    data = form.cleaned_data
    case = triage.triage_open_case(report=report, title=data["title"], tlp=data["tlp"], actor=user)
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    return _("Case %(number)s is opened.") % {"number": case.number}, url


def _run_attach(user: User, report: Report, form: Any) -> tuple[str, str]:
    case = triage.triage_attach_to_case(
        report=report, number=form.cleaned_data["number"], actor=user
    )
    message = _("The report is now in case %(number)s.") % {"number": case.number}
    return message, _page(report)


ACTIONS: dict[str, Action] = {
    "route": Action(triage_forms.RouteForm, Permission.TRIAGE, _run_route),
    "requalify": Action(triage_forms.RequalifyForm, Permission.TRIAGE, _run_requalify),
    "duplicate": Action(triage_forms.DuplicateForm, Permission.TRIAGE, _run_duplicate),
    "reject": Action(triage_forms.RejectForm, Permission.TRIAGE, _run_reject),
    "open_case": Action(triage_forms.OpenCaseForm, Permission.OPEN_CASE, _run_open_case),
    "attach": Action(triage_forms.AttachForm, Permission.OPEN_CASE, _run_attach),
}


def _forms_for(user: User, report: Report, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    """The forms this person's roles allow while the report is open for triage."""
    if report.status not in (ReportStatus.RECEIVED, ReportStatus.TRIAGED):
        return {}
    if hasattr(report, "case_link"):
        return {}
    return {
        name: bound.get(name) or action.form(prefix=name)
        for name, action in ACTIONS.items()
        if can(user, action.permission)
    }


def _render(
    request: HttpRequest,
    report_id: UUID,
    *,
    bound: dict[str, forms.Form] | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    detail = report_detail_get(user=user, report_id=str(report_id))
    context = {
        "nav": "triage" if can(user, Permission.VIEW_TRIAGE_QUEUE) else "home",
        "detail": detail,
        "report": detail.report,
        "forms": _forms_for(user, detail.report, bound or {}),
        "can_download": report_evidence_downloadable(user=user, report=detail.report),
        "can_work": access.may_work_report(user, detail.report),
        "refused": refused,
        "refused_action": next(iter(bound or {}), ""),
        "annotations": annotations_for(
            user, [(item.type, item.value) for item in detail.identifiers]
        ),
    }
    return render(request, "cases/report_detail.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_GET
def report_detail(request: HttpRequest, report_id: UUID) -> HttpResponse:
    report = access.report_get_for_user(user=signed_in_user(request), report_id=str(report_id))
    report_staff.report_view_record(report=report, actor=signed_in_user(request))
    return _render(request, report_id)


@staff_required(Permission.VIEW_CASES)
@require_POST
def report_action(request: HttpRequest, report_id: UUID, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    user = signed_in_user(request)
    if chosen is None or not can(user, chosen.permission):
        raise NotFound
    report = access.report_get_for_user(user=user, report_id=str(report_id))
    form = chosen.form(request.POST, prefix=action)
    if not form.is_valid():
        return _render(request, report_id, bound={action: form}, status=400)
    try:
        message, url = chosen.run(user, report, form)
    except NotAllowed as refused:
        return _render(request, report_id, refused=str(refused), status=403)
    except InvalidAction as refused:
        for name, errors in refused.fields.items():
            if name in form.fields:
                for error in errors:
                    form.add_error(name, error)
        return _render(
            request, report_id, bound={action: form}, refused=refused.message, status=409
        )
    messages.success(request, message)
    return HttpResponseRedirect(url)


@staff_required(Permission.VIEW_CASES)
@require_GET
def report_evidence(request: HttpRequest, report_id: UUID, evidence_id: UUID) -> HttpResponse:
    """The decrypted file, as a download; the custody log and the audit trail record it."""
    user = signed_in_user(request)
    report = access.report_get_for_user(user=user, report_id=str(report_id))
    try:
        evidence = report_evidence_get_for_user(
            user=user, report=report, evidence_id=str(evidence_id)
        )
    except NotAllowed as not_allowed:
        return _render(request, report_id, refused=str(not_allowed), status=403)
    try:
        content = evidence_read(
            evidence=evidence,
            actor=user,
            actor_label=user.username,
            purpose=f"report {report.reference}",
            downloaded=True,
        )
    except EvidenceIntegrityError:
        refused = _("This file no longer matches its fingerprint: it cannot be downloaded.")
        return _render(request, report_id, refused=refused, status=409)
    response = HttpResponse(
        content, content_type=evidence.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=safe_display_name(evidence.original_name)
        )
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Length"] = str(len(content))
    return response
