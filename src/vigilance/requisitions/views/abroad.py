"""Thin pages of requests abroad: a case's requests and the draft form, one request with the
step to record, its approval, and the documents received."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.evidence.services import (
    EvidenceIntegrityError,
    EvidenceRejected,
    evidence_read,
    incoming_from_upload,
    safe_display_name,
)
from vigilance.indicators.normalise import display, type_label
from vigilance.requisitions import access_abroad as access
from vigilance.requisitions.forms.abroad import ForeignDraftForm, ForeignRecordForm
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.selectors import abroad as selectors
from vigilance.requisitions.services import abroad as services
from vigilance.requisitions.services.workflow import case_identifiers


def _detail_url(foreign_request: ForeignRequest) -> str:
    return reverse(
        "requisitions:foreign_request_detail",
        kwargs={"foreign_request_id": foreign_request.public_id},
    )


def _draft_form(case: Case, data: object = None) -> ForeignDraftForm:
    identifiers = [
        (kind, value, f"{type_label(kind)} : {display(kind, value)}")
        for kind, value in case_identifiers(case)
    ]
    return ForeignDraftForm(data, identifiers=identifiers)


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    form: ForeignDraftForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    may_draft = access.in_charge(user, case)
    context = {
        "case": case,
        "foreign_requests": selectors.foreign_requests_of_case(user=user, case=case),
        "form": (form or _draft_form(case)) if may_draft else None,
        "refused": refused,
        "nav": "cases",
    }
    return render(request, "requisitions/case_abroad.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_abroad(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = case_access.case_get_for_user(user=user, case_id=str(case_id))
    if request.method == "GET":
        return _case_page(request, user, case)
    form = _draft_form(case, request.POST)
    if not form.is_valid():
        return _case_page(request, user, case, form=form, status=400)
    try:
        foreign_request = services.foreign_request_draft(
            actor=user,
            case=case,
            kind=form.cleaned_data["kind"],
            country=form.cleaned_data["country"],
            legal_basis=form.cleaned_data["legal_basis"],
            asked=form.cleaned_data["asked"],
            addressee=form.cleaned_data["addressee"],
            addressee_name=form.cleaned_data["addressee_name"],
            identifiers=form.chosen_identifiers(),
        )
    except NotAllowed as refused:
        return _case_page(request, user, case, form=form, refused=str(refused), status=403)
    except InvalidAction as refused:
        for field, errors in refused.fields.items():
            if field in form.fields:
                form.add_error(field, errors)
        return _case_page(request, user, case, form=form, refused=refused.message, status=400)
    messages.success(
        request,
        _("Request %(reference)s drafted: a supervisor approves it before it is sent.")
        % {"reference": foreign_request.reference},
    )
    return HttpResponseRedirect(_detail_url(foreign_request))


def _detail_page(
    request: HttpRequest,
    user: User,
    foreign_request: ForeignRequest,
    *,
    record: ForeignRecordForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "detail": selectors.foreign_request_detail(user=user, foreign_request=foreign_request),
        "foreign_request": foreign_request,
        "record_form": record or ForeignRecordForm(),
        "refused": refused,
        "nav": "cases",
    }
    return render(request, "requisitions/foreign_request_detail.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_GET
def foreign_request_detail(request: HttpRequest, foreign_request_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    foreign_request = access.foreign_request_get_for_user(
        user=user, foreign_request_id=str(foreign_request_id)
    )
    return _detail_page(request, user, foreign_request)


@staff_required(Permission.VIEW_CASES)
@require_POST
def foreign_request_action(
    request: HttpRequest, foreign_request_id: UUID, action: str
) -> HttpResponse:
    """Approve (a supervisor, not the drafter) or record a step (those in charge)."""
    user = signed_in_user(request)
    foreign_request = access.foreign_request_get_for_user(
        user=user, foreign_request_id=str(foreign_request_id)
    )
    record: ForeignRecordForm | None = None
    try:
        if action == "approve":
            services.foreign_request_approve(actor=user, foreign_request=foreign_request)
            message = _("Request approved: it is recorded as sent.")
        elif action == "record":
            record = ForeignRecordForm(request.POST, request.FILES)
            if not record.is_valid():
                return _detail_page(request, user, foreign_request, record=record, status=400)
            services.foreign_request_record(
                actor=user,
                foreign_request=foreign_request,
                outcome=record.cleaned_data["outcome"],
                on=record.cleaned_data["on"],
                note=record.cleaned_data["note"],
                documents=[
                    incoming_from_upload(upload)
                    for upload in request.FILES.getlist("record-documents")
                ],
            )
            message = _("Step recorded.")
        else:
            raise NotFound
    except NotAllowed as refused:
        return _detail_page(request, user, foreign_request, refused=str(refused), status=403)
    except EvidenceRejected as refused:
        return _detail_page(
            request, user, foreign_request, record=record, refused=str(refused), status=400
        )
    except InvalidAction as refused:
        status = 400 if refused.fields else 409
        return _detail_page(
            request, user, foreign_request, record=record, refused=refused.message, status=status
        )
    messages.success(request, message)
    return HttpResponseRedirect(_detail_url(foreign_request))


@staff_required(Permission.VIEW_CASES)
@require_GET
def foreign_request_document(
    request: HttpRequest, foreign_request_id: UUID, evidence_id: UUID
) -> HttpResponse:
    """A document received from abroad, as a download, for the case's readers."""
    user = signed_in_user(request)
    foreign_request = access.foreign_request_get_for_user(
        user=user, foreign_request_id=str(foreign_request_id)
    )
    evidence = selectors.foreign_document_get(
        foreign_request=foreign_request, evidence_id=str(evidence_id)
    )
    if evidence is None:
        raise NotFound
    try:
        content = evidence_read(
            evidence=evidence,
            actor=user,
            actor_label=user.username,
            purpose=f"request abroad {foreign_request.reference}",
            downloaded=True,
        )
    except EvidenceIntegrityError:
        refused = _("This file no longer matches its fingerprint: it cannot be downloaded.")
        return _detail_page(request, user, foreign_request, refused=refused, status=409)
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
    return response
