"""Thin pages: fetch through the gate, call one service, render or redirect with a message.

A form error re-renders the page (400); an action the person's role does not allow is refused
with the reason (403); an action the requisition's state refuses, with the reason (409).
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import Role, User
from vigilance.accounts.permissions import Permission
from vigilance.accounts.reauth import confirm_url, is_recently_authenticated
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
from vigilance.requisitions import access
from vigilance.requisitions.forms.requisition import (
    AnswerForm,
    AuthorisationForm,
    DraftForm,
    RefuseForm,
)
from vigilance.requisitions.models import Requisition
from vigilance.requisitions.selectors import answers as answer_selectors
from vigilance.requisitions.selectors import freezes as freeze_selectors
from vigilance.requisitions.selectors import overdue as overdue_selectors
from vigilance.requisitions.selectors import requisition as selectors
from vigilance.requisitions.services import authorisation as authorisation_services
from vigilance.requisitions.services import pdf as pdf_service
from vigilance.requisitions.services import workflow


def _draft_form(case: Case, data: Any = None) -> DraftForm:
    identifiers = [
        (kind, value, f"{type_label(kind)} : {display(kind, value)}")
        for kind, value in workflow.case_identifiers(case)
    ]
    return DraftForm(data, identifiers=identifiers)


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    form: DraftForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    may_draft = access.may_draft(user, case)
    if may_draft and form is None:
        form = _draft_form(case)
    context = {
        "case": case,
        "requisitions": selectors.requisitions_of_case(user=user, case=case),
        "found": answer_selectors.answer_identifiers_of_case(user=user, case=case),
        "form": form if may_draft else None,
        "refused": refused,
        "nav": "cases",
    }
    return render(request, "requisitions/case_requisitions.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_requisitions(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A case's requisitions, and the form that drafts a new one for those in charge."""
    user = signed_in_user(request)
    case = case_access.case_get_for_user(user=user, case_id=str(case_id))
    if request.method == "GET":
        return _case_page(request, user, case)
    form = _draft_form(case, request.POST)
    if not form.is_valid():
        return _case_page(request, user, case, form=form, status=400)
    try:
        requisition = workflow.requisition_draft(
            actor=user,
            case=case,
            addressee=form.cleaned_data["addressee"],
            kind=form.cleaned_data["kind"],
            identifiers=form.chosen_identifiers(),
            legal_basis=form.cleaned_data["legal_basis"],
            urgency=form.cleaned_data["urgency"],
            period_from=form.cleaned_data["period_from"],
            period_to=form.cleaned_data["period_to"],
            grounds=form.cleaned_data["grounds"],
        )
    except NotAllowed as refused:
        return _case_page(request, user, case, form=form, refused=str(refused), status=403)
    except InvalidAction as refused:
        return _case_page(request, user, case, form=form, refused=refused.message, status=409)
    messages.success(
        request,
        _("Requisition %(reference)s drafted: a supervisor approves it before it is sent.")
        % {"reference": requisition.reference},
    )
    return HttpResponseRedirect(_detail_url(requisition))


def _detail_url(requisition: Requisition) -> str:
    return reverse(
        "requisitions:requisition_detail", kwargs={"requisition_id": requisition.public_id}
    )


def _detail_page(
    request: HttpRequest,
    user: User,
    requisition: Requisition,
    *,
    answer: AnswerForm | None = None,
    refuse: RefuseForm | None = None,
    authorisation: AuthorisationForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    detail = selectors.requisition_detail(user=user, requisition=requisition)
    context = {
        "detail": detail,
        "requisition": requisition,
        "answer_form": answer or AnswerForm(),
        "refuse_form": refuse or RefuseForm(),
        "authorisation_form": authorisation or AuthorisationForm(),
        "refused": refused,
        "nav": "desk"
        if access.is_responder(user)
        else "authorisations"
        if access.is_magistrate(user)
        else "cases",
    }
    return render(request, "requisitions/requisition_detail.html", context, status=status)


@staff_required()
@require_GET
def requisition_detail(request: HttpRequest, requisition_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    requisition = access.requisition_get_for_user(user=user, requisition_id=str(requisition_id))
    return _detail_page(request, user, requisition)


@staff_required()
@require_POST
def requisition_action(request: HttpRequest, requisition_id: UUID, action: str) -> HttpResponse:
    """Approve (a supervisor), acknowledge, answer or refuse (the addressee's responders)."""
    user = signed_in_user(request)
    requisition = access.requisition_get_for_user(user=user, requisition_id=str(requisition_id))
    if action in ("approve", "authorise") and not is_recently_authenticated(request):
        # Approving sends the request out of the platform: the approver confirms who they are,
        # then comes back to the requisition to approve it.
        return HttpResponseRedirect(confirm_url(_detail_url(requisition)))
    answer: AnswerForm | None = None
    refuse: RefuseForm | None = None
    authorisation: AuthorisationForm | None = None
    try:
        if action == "approve":
            workflow.requisition_approve(actor=user, requisition=requisition)
            message = _("Requisition approved and sent to the partner.")
        elif action == "acknowledge":
            workflow.requisition_acknowledge(actor=user, requisition=requisition)
            message = _("Requisition acknowledged.")
        elif action == "answer":
            answer = AnswerForm(request.POST, request.FILES)
            if not answer.is_valid():
                return _detail_page(request, user, requisition, answer=answer, status=400)
            files = [
                incoming_from_upload(upload)
                for upload in request.FILES.getlist("answer-attachments")
            ]
            workflow.requisition_answer(
                actor=user, requisition=requisition, text=answer.cleaned_data["text"], files=files
            )
            message = _("Answer sent.")
        elif action == "refuse":
            refuse = RefuseForm(request.POST)
            if not refuse.is_valid():
                return _detail_page(request, user, requisition, refuse=refuse, status=400)
            workflow.requisition_refuse(
                actor=user, requisition=requisition, reason=refuse.cleaned_data["reason"]
            )
            message = _("Refusal sent.")
        elif action == "authorise":
            authorisation_services.requisition_authorise(actor=user, requisition=requisition)
            message = _("Requisition authorised: a supervisor may now send it.")
        elif action == "record-authorisation":
            authorisation = AuthorisationForm(request.POST, request.FILES)
            if not authorisation.is_valid():
                return _detail_page(
                    request, user, requisition, authorisation=authorisation, status=400
                )
            authorisation_services.requisition_record_authorisation(
                actor=user,
                requisition=requisition,
                magistrate=authorisation.cleaned_data["magistrate"],
                number=authorisation.cleaned_data["number"],
                issued_on=authorisation.cleaned_data["issued_on"],
                document=incoming_from_upload(authorisation.cleaned_data["document"]),
            )
            message = _("The magistrate's authorisation is recorded.")
        else:
            raise NotFound
    except NotAllowed as refused:
        return _detail_page(request, user, requisition, refused=str(refused), status=403)
    except EvidenceRejected as refused:
        return _detail_page(
            request,
            user,
            requisition,
            answer=answer,
            authorisation=authorisation,
            refused=str(refused),
            status=400,
        )
    except InvalidAction as refused:
        return _detail_page(
            request,
            user,
            requisition,
            answer=answer,
            refuse=refuse,
            authorisation=authorisation,
            refused=refused.message,
            status=409,
        )
    messages.success(request, message)
    return HttpResponseRedirect(_detail_url(requisition))


@staff_required()
@require_GET
def requisition_file(request: HttpRequest, requisition_id: UUID, evidence_id: UUID) -> HttpResponse:
    """A file of the partner's answer, as a download, for the case's readers and the partner."""
    user = signed_in_user(request)
    requisition = access.requisition_get_for_user(user=user, requisition_id=str(requisition_id))
    evidence = selectors.requisition_file_get(requisition=requisition, evidence_id=str(evidence_id))
    if evidence is None:
        raise NotFound
    try:
        content = evidence_read(
            evidence=evidence,
            actor=user,
            actor_label=user.username,
            purpose=f"requisition {requisition.reference}",
            downloaded=True,
        )
    except EvidenceIntegrityError:
        refused = _("This file no longer matches its fingerprint: it cannot be downloaded.")
        return _detail_page(request, user, requisition, refused=refused, status=409)
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


@staff_required()
@require_GET
def requisition_pdf(request: HttpRequest, requisition_id: UUID) -> HttpResponse:
    """The signed letter, for the case's readers and the addressee's responders; a draft's
    unsigned preview for its drafter and approver."""
    user = signed_in_user(request)
    requisition = access.requisition_get_for_user(user=user, requisition_id=str(requisition_id))
    response = HttpResponse(
        pdf_service.requisition_pdf_for(actor=user, requisition=requisition),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=pdf_service.pdf_filename(requisition)
        )
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@staff_required(Permission.RESPOND_REQUISITIONS)
@require_GET
def partner_desk(request: HttpRequest) -> HttpResponse:
    """The freezes (most pressing first) and requisitions addressed to the responder's
    organisation."""
    user = signed_in_user(request)
    if not access.is_responder(user):
        raise NotFound
    page = selectors.page_of(selectors.desk_list(user=user), number=_page_number(request))
    context = {
        "freezes": freeze_selectors.freezes_for_desk(user=user),
        "requisitions": page.items,
        "page": page,
        "closed": selectors.desk_recently_closed(user=user) if page.number == 1 else [],
        "nav": "desk",
    }
    return render(request, "requisitions/partner_desk.html", context)


@staff_required(Permission.VIEW_CASES)
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """Supervisors: counts per addressee, then the requisitions of their units still waiting
    past their deadline, oldest first, a page at a time."""
    user = signed_in_user(request)
    if not user.has_role(Role.SUPERVISOR):
        raise NotFound
    addressee = request.GET.get("addressee", "")[:40]
    try:
        page = overdue_selectors.overdue_page(
            user=user, addressee_code=addressee, after=request.GET.get("after", "")
        )
    except overdue_selectors.BadCursor:
        page = overdue_selectors.overdue_page(user=user, addressee_code=addressee)
        context = {
            "page": page,
            "addressee": addressee,
            "refused": _("This page address is not valid: the list starts again from the top."),
            "nav": "overdue",
        }
        return render(request, "requisitions/overdue.html", context, status=400)
    context = {"page": page, "addressee": addressee, "nav": "overdue"}
    return render(request, "requisitions/overdue.html", context)


def _page_number(request: HttpRequest) -> int:
    """The ``page`` asked for; the first for anything that is not a number."""
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1
