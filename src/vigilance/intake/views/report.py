"""Pages of the report form: one short step per page, the review, the receipt.

Every step is a plain HTML form POSTing here; the answers live in the session (``wizard``).
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.core.models import Department, OffenceCategory, Region
from vigilance.core.ratelimit import check_rate, client_address, rate_limit
from vigilance.evidence import allowance
from vigilance.indicators.normalise import TYPES
from vigilance.intake import access, consent, next_steps, prefill, receipts, services, wizard
from vigilance.intake.forms.report import (
    LossForm,
    PlaceSeenForm,
    ReviewForm,
    StepForm,
    SuspectsForm,
    WhatForm,
    WhoForm,
)
from vigilance.intake.models import LossChannel, ReporterRole, ReporterType

_FORMS: dict[str, type[StepForm]] = {
    "who": WhoForm,
    "what": WhatForm,
    "suspects": SuspectsForm,
    "loss": LossForm,
}


def _step_url(step: str) -> str:
    if step == "review":
        return reverse("intake:report_review")
    return reverse("intake:report_step", kwargs={"step": step})


def _steps(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """The progress list: each step's name, link (once reachable) and whether it is current."""
    reachable = wizard.STEPS.index(wizard.first_unfinished_step(request.session))
    return [
        {
            "label": wizard.step_label(step),
            "url": _step_url(step) if index <= reachable else "",
            "is_current": step == current,
            "is_finished": wizard.is_finished(request.session, step),
        }
        for index, step in enumerate(wizard.STEPS)
    ]


def _render_step(
    request: HttpRequest, step: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    previous = wizard.previous_step(step)
    context.update(
        step=step,
        step_title=wizard.step_label(step),
        steps=_steps(request, step),
        back_url=_step_url(previous) if previous else reverse("home"),
        action=_step_url(step),
    )
    return render(request, f"intake/report_{step}.html", context, status=status)


@require_GET
def report_start(request: HttpRequest) -> HttpResponse:
    """The form, where it was left; with suggested answers in the address (``intake.prefill``),
    those are kept for the steps not yet answered, and the address is cleaned of them."""
    if prefill.is_prefill_query(request.GET):
        categories = OffenceCategory.objects.filter(is_active=True).values_list("code", flat=True)
        suggested = prefill.prefill_from_query(
            request.GET, categories=set(categories), today=timezone.localdate()
        )
        if suggested:
            wizard.prefill_save(request.session, suggested)
            messages.info(
                request,
                _(
                    "What you told us is already filled in. Check each step and correct it "
                    "if needed before you send your report."
                ),
            )
    return redirect(_step_url(wizard.first_unfinished_step(request.session)))


def _form_for_get(step: str, values: dict[str, Any]) -> StepForm:
    if step == "suspects":
        return SuspectsForm.from_stored(values)
    form = _FORMS[step]()
    if values:
        form.initial_from(values)
    return form


@require_http_methods(["GET", "POST"])
def report_step(request: HttpRequest, step: str) -> HttpResponse:
    if step == "evidence":
        return report_evidence(request)
    if step not in _FORMS:
        raise Http404(step)
    form: StepForm
    if request.method == "POST" and step == "suspects" and "add_row" in request.POST:
        form = SuspectsForm.with_another_row(request.POST)
    elif request.method == "POST":
        if step == "suspects":
            form = SuspectsForm(request.POST, rows=SuspectsForm.rows_in(request.POST))
        else:
            form = _FORMS[step](request.POST)
        if form.is_valid():
            wizard.step_save(request.session, step, form.stored())
            return redirect(_step_url(wizard.next_step(step)))
    else:
        values = wizard.step_values(request.session, step)
        form = _form_for_get(step, values or wizard.prefill_values(request.session, step))
    context = {"form": form, "max_rows": services.MAX_IDENTIFIERS}
    return _render_step(request, step, context, status=400 if form.errors else 200)


def _evidence_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "staged": wizard.staged_evidence(request.session),
        "max_files": settings.EVIDENCE_MAX_FILES,
        "max_mb": settings.EVIDENCE_MAX_BYTES // allowance.MEGABYTE,
        "total_mb": allowance.REPORT_MAX_BYTES // allowance.MEGABYTE,
        "is_child_abuse": wizard.is_child_abuse(request.session),
        **extra,
    }


def report_evidence(request: HttpRequest) -> HttpResponse:
    session = request.session
    is_child_abuse = wizard.is_child_abuse(session)
    if request.method != "POST":
        place = PlaceSeenForm(initial=wizard.step_values(session, "evidence"))
        return _render_step(request, "evidence", _evidence_context(request, place_form=place))
    if "remove" in request.POST:
        wizard.evidence_unstage(session, str(request.POST["remove"]))
        return redirect(_step_url("evidence"))
    if is_child_abuse:
        place = PlaceSeenForm(request.POST)
        if not place.is_valid():
            context = _evidence_context(request, place_form=place)
            return _render_step(request, "evidence", context, status=400)
        wizard.evidence_save_place(session, place.cleaned_data["seen_at"])
        return redirect(_step_url("review"))
    uploads = request.FILES.getlist("files")
    if uploads:
        # Staging shares the "follow" budget, like the API's evidence endpoint: files sent
        # one step at a time must not use up the allowance of reports an address may file.
        check_rate(
            request,
            group="follow",
            per_ip=settings.RATE_FOLLOW_PER_IP,
            overall=settings.RATE_FOLLOW_GLOBAL,
        )
    refused = wizard.evidence_stage(session, uploads, address=client_address("evidence", request))
    if refused:
        context = _evidence_context(request, refused=refused, place_form=PlaceSeenForm())
        return _render_step(request, "evidence", context, status=400)
    if request.POST.get("action") == "continue":
        return redirect(_step_url("review"))
    return redirect(_step_url("evidence"))


def _summary(request: HttpRequest) -> list[dict[str, Any]]:
    """Every answer, by step, as (label, value) pairs in plain words."""
    draft = wizard.report_draft(request.session, language=get_language() or "fr", consent=False)
    who, loss = draft.reporter, draft.loss
    category = OffenceCategory.objects.filter(code=draft.category).first()
    region = Region.objects.filter(code=draft.region).first()
    department = Department.objects.filter(code=draft.department).first()
    none = _("Not given")
    who_rows = [
        (_("Anonymous"), _("Yes") if who.is_anonymous else _("No")),
        (_("You are"), _label(ReporterType, who.type)),
        (_("Your part"), _label(ReporterRole, who.role)),
    ]
    if not who.is_anonymous:
        who_rows += [
            (_("Name"), who.name or none),
            (_("Phone number"), who.phone or none),
            (_("E-mail address"), who.email or none),
        ]
    who_rows.append((_("The victim is a minor"), _("Yes") if who.victim_is_minor else _("No")))
    what_rows = [
        (_("Kind of offence"), category.name if category else none),
        (_("Date"), date_format(draft.incident_date) if draft.incident_date else none),
        (_("Region"), region.name if region else none),
        (_("Department"), department.name if department else none),
        (
            _("Your account of the facts"),
            wizard.step_values(request.session, "what").get("description", ""),
        ),
    ]
    suspects_rows = [(str(TYPES.get(i.type, i.type)), i.value) for i in draft.identifiers] or [
        (_("Identifiers"), none)
    ]
    if loss is None:
        loss_rows = [(_("Money lost"), _("Nothing was lost"))]
    else:
        loss_rows = [
            (
                _("Amount lost"),
                receipts.format_amount(loss.amount, loss.currency) if loss.amount else none,
            ),
            (_("How it was paid"), _label(LossChannel, loss.channel) if loss.channel else none),
        ]
        if loss.receipt:
            loss_rows.append((_("Confirmation SMS"), loss.receipt))
    files = []
    if wizard.is_child_abuse(request.session):
        seen_at = wizard.step_values(request.session, "evidence").get("seen_at", "")
        evidence_rows = [(_("Where it was seen"), seen_at or none)]
    else:
        files = wizard.staged_evidence(request.session)
        evidence_rows = [] if files else [(_("Files"), none)]
    rows = [who_rows, what_rows, suspects_rows, loss_rows, evidence_rows]
    return [
        {
            "step": step,
            "title": wizard.step_label(step),
            "url": _step_url(step),
            "rows": r,
            "files": files if step == "evidence" else [],
        }
        for step, r in zip(wizard.FORM_STEPS, rows, strict=True)
    ]


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest) -> HttpResponse:
    unfinished = wizard.first_unfinished_step(request.session)
    if unfinished != "review":
        messages.info(request, _("Please answer this step first."))
        return redirect(_step_url(unfinished))
    if request.method == "POST":
        return _report_submit(request)
    return _render_review(request, ReviewForm())


def _render_review(request: HttpRequest, form: ReviewForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "summary": _summary(request),
        "consent_notice": consent.consent_notice(),
    }
    return _render_step(request, "review", context, status=status)


@rate_limit("submit", per_ip="RATE_SUBMIT_PER_IP", overall="RATE_SUBMIT_GLOBAL")
def _report_submit(request: HttpRequest) -> HttpResponse:
    if request.POST.get("website"):
        return HttpResponseBadRequest(
            _("This form could not be accepted. Please fill it in again in your browser."),
            content_type="text/plain; charset=utf-8",
        )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render_review(request, form, status=400)
    try:
        wizard.report_file(
            request.session, language=get_language() or "fr", consent=form.cleaned_data["consent"]
        )
    except services.ReportInvalid as invalid:
        first = next(iter(invalid.fields))
        step = wizard.step_of_field(first)
        for name_messages in invalid.fields.values():
            for message in name_messages:
                messages.error(request, message)
        if step == "review":
            return _render_review(request, form, status=400)
        return redirect(_step_url(step))
    return redirect("intake:report_done")


@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    filed = wizard.filed_take(request.session)
    if filed is None:
        return redirect("intake:report")
    language = get_language() or "fr"
    follow_url = receipts.follow_url(language)
    try:
        report = access.report_get_for_receipt(session=request.session, reference=filed.reference)
    except access.ReportNotFound:
        return redirect("intake:report")
    context = {
        "filed": filed,
        "report": report,
        "first_reading_delay": next_steps.first_reading_delay(),
        "operator_lines": next_steps.operator_lines(named=next_steps.operators_named(report)),
        "follow_url": follow_url,
        "follow_link": reverse("intake:follow"),
        "qr_code": receipts.qr_data_uri(follow_url),
        "receipt_url": reverse("intake:report_receipt", kwargs={"reference": filed.reference}),
    }
    return render(request, "intake/report_done.html", context)


@require_GET
def report_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    report = access.report_get_for_receipt(session=request.session, reference=reference)
    response = HttpResponse(receipts.receipt_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "intake/report_privacy.html", {"consent_notice": consent.consent_notice()}
    )
