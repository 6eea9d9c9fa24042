"""Thin pages for wallet freezes: the case's money trail, a freeze and its answer.

A form error re-renders the page (400); an action the role does not allow, 403; an action the
freeze's state or amounts refuse, 400 with the reason in the person's language.
"""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission
from vigilance.cases import access as case_access
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.requisitions import access
from vigilance.requisitions.forms.freezes import FreezeAnswerForm, FreezeForm, SettleForm
from vigilance.requisitions.models import FreezeRequest, FreezeStatus
from vigilance.requisitions.selectors import freezes as selectors
from vigilance.requisitions.services import freezes


def _trail_page(
    request: HttpRequest,
    user: User,
    case: Case,
    form: FreezeForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    may_ask = access.may_draft(user, case)
    context = {
        "case": case,
        "trail": selectors.money_trail(case=case),
        "form": (form or FreezeForm()) if may_ask else None,
        "refused": refused,
        "nav": "cases",
    }
    return render(request, "requisitions/money_trail.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_money_trail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The case's freezes as a chain with its totals, and the form that asks a new one."""
    user = signed_in_user(request)
    case = case_access.case_get_for_user(user=user, case_id=str(case_id))
    if request.method == "GET":
        return _trail_page(request, user, case)
    form = FreezeForm(request.POST)
    if not form.is_valid():
        return _trail_page(request, user, case, form=form, status=400)
    try:
        freeze = freezes.freeze_request_create(
            actor=user,
            case=case,
            issuer=form.cleaned_data["issuer"],
            account=form.cleaned_data["account"],
            sender_account=form.cleaned_data["sender_account"],
            transaction_reference=form.cleaned_data["transaction_reference"],
            amount_asked=form.cleaned_data["amount_asked"],
        )
    except NotAllowed as refused:
        return _trail_page(request, user, case, form=form, refused=str(refused), status=403)
    except InvalidAction as refused:
        return _trail_page(request, user, case, form=form, refused=refused.message, status=400)
    if freeze.status == FreezeStatus.SENT:
        message = _("Freeze request %(reference)s sent to the issuer.")
    else:
        message = _("Freeze request %(reference)s waits for a supervisor's approval.")
    messages.success(request, message % {"reference": freeze.reference})
    return HttpResponseRedirect(_detail_url(freeze))


def _detail_url(freeze: FreezeRequest) -> str:
    return reverse("requisitions:freeze_detail", kwargs={"freeze_id": freeze.public_id})


def _detail_page(
    request: HttpRequest,
    user: User,
    freeze: FreezeRequest,
    *,
    answer: FreezeAnswerForm | None = None,
    settle: SettleForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    shows_case = access.sees_case_of_freeze(user, freeze)
    shows_report = access.sees_report_of_freeze(user, freeze)
    context = {
        "freeze": freeze,
        "shows_case": shows_case,
        "shows_report": shows_report,
        # A responder sees the trail's links of its own organisation only.
        "chain": [
            link
            for link in selectors.freeze_chain(freeze)
            if shows_case or shows_report or link.issuer_id == user.organisation_id
        ],
        "may_answer": access.may_answer_freeze(user, freeze) and freeze.is_open,
        "may_approve": access.may_approve_freeze(user, freeze),
        "may_settle": shows_case and access.may_settle_freeze(user, freeze),
        "answer_form": answer or FreezeAnswerForm(),
        "settle_form": settle or SettleForm(),
        "refused": refused,
        "nav": "desk" if access.is_responder(user) else "cases",
    }
    return render(request, "requisitions/freeze_detail.html", context, status=status)


@staff_required()
@require_GET
def freeze_detail(request: HttpRequest, freeze_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    freeze = access.freeze_get_for_user(user=user, freeze_id=str(freeze_id))
    return _detail_page(request, user, freeze)


@staff_required()
@require_POST
def freeze_action(request: HttpRequest, freeze_id: UUID, action: str) -> HttpResponse:
    """Answer (the issuer's responders), approve (a supervisor), release or return (the unit
    in charge, on an authority's order)."""
    user = signed_in_user(request)
    freeze = access.freeze_get_for_user(user=user, freeze_id=str(freeze_id))
    answer: FreezeAnswerForm | None = None
    settle: SettleForm | None = None
    try:
        if action == "answer":
            answer = FreezeAnswerForm(request.POST)
            if not answer.is_valid():
                return _detail_page(request, user, freeze, answer=answer, status=400)
            freezes.freeze_answer(
                actor=user,
                freeze=freeze,
                outcome=answer.cleaned_data["outcome"],
                amount=answer.cleaned_data["amount"],
                next_issuer=answer.cleaned_data["next_issuer"],
                next_account=answer.cleaned_data["next_account"],
            )
            message = _("Answer sent.")
        elif action == "approve":
            freezes.freeze_approve(actor=user, freeze=freeze)
            message = _("Freeze request approved and sent to the issuer.")
        elif action in ("release", "return"):
            settle = SettleForm(request.POST)
            if not settle.is_valid():
                return _detail_page(request, user, freeze, settle=settle, status=400)
            service = freezes.freeze_release if action == "release" else freezes.freeze_return
            service(actor=user, freeze=freeze, authority=settle.cleaned_data["authority"])
            message = _("Recorded.")
        else:
            raise NotFound
    except NotAllowed as refused:
        return _detail_page(request, user, freeze, refused=str(refused), status=403)
    except InvalidAction as refused:
        return _detail_page(
            request,
            user,
            freeze,
            answer=answer,
            settle=settle,
            refused=refused.message,
            status=400,
        )
    messages.success(request, message)
    return HttpResponseRedirect(_detail_url(freeze))
