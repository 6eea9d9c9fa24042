"""Thin takedown pages: a case's takedowns and the form drafting one, the form drafting one from
a report's cluster, one request with what the reader may do, and its actions.

A form error re-renders the page (400); an action the person's role does not allow, 403; one
the request's state refuses, 409.
"""

from typing import Any
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
from vigilance.intake.models import Report
from vigilance.requisitions import access_takedowns as access
from vigilance.requisitions.access import is_responder
from vigilance.requisitions.forms.takedowns import (
    CaseTakedownForm,
    ClusterTakedownForm,
    DoneForm,
    TakedownRefuseForm,
)
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.selectors import takedowns as selectors
from vigilance.requisitions.services import takedowns as services


def _detail_url(takedown: TakedownRequest) -> str:
    return reverse("requisitions:takedown_detail", kwargs={"takedown_id": takedown.public_id})


def _draft(
    user: User, form: CaseTakedownForm | ClusterTakedownForm, **origin: Any
) -> TakedownRequest:
    kind, value = form.chosen_target()
    return services.takedown_draft(
        actor=user,
        addressee=form.cleaned_data["addressee"],
        action=form.cleaned_data["action"],
        target_type=kind,
        target=value,
        justification=form.cleaned_data["justification"],
        **origin,
    )


def _drafted(request: HttpRequest, takedown: TakedownRequest) -> HttpResponse:
    messages.success(
        request,
        _("Request %(reference)s drafted: a supervisor approves it before it is sent.")
        % {"reference": takedown.reference},
    )
    return HttpResponseRedirect(_detail_url(takedown))


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    form: CaseTakedownForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    may_draft = access.may_draft_for_case(user, case)
    context = {
        "case": case,
        "takedowns": selectors.takedowns_of_case(user=user, case=case),
        "form": (form or CaseTakedownForm()) if may_draft else None,
        "refused": refused,
        "nav": "cases",
    }
    return render(request, "requisitions/case_takedowns.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_takedowns(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    case = case_access.case_get_for_user(user=user, case_id=str(case_id))
    if request.method == "GET":
        return _case_page(request, user, case)
    form = CaseTakedownForm(request.POST)
    if not form.is_valid():
        return _case_page(request, user, case, form=form, status=400)
    try:
        takedown = _draft(user, form, case=case)
    except NotAllowed as refused:
        return _case_page(request, user, case, form=form, refused=str(refused), status=403)
    except InvalidAction as refused:
        for field, errors in refused.fields.items():
            if field in form.fields:
                form.add_error(field, errors)
        return _case_page(request, user, case, form=form, refused=refused.message, status=400)
    return _drafted(request, takedown)


def _cluster_page(
    request: HttpRequest,
    report: Report,
    form: ClusterTakedownForm,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"report": report, "form": form, "refused": refused, "nav": "cases"}
    return render(request, "requisitions/cluster_takedown.html", context, status=status)


@staff_required(Permission.WORK_CASE)
@require_http_methods(["GET", "POST"])
def report_takedown(request: HttpRequest, report_id: UUID) -> HttpResponse:
    """A takedown of an identifier the report's cluster shares, citing the cluster's reports."""
    user = signed_in_user(request)
    report = case_access.report_get_for_user(user=user, report_id=str(report_id))
    if not access.may_draft_for_report(user, report):
        raise NotAllowed(_("Only the unit in charge of the case may draft a takedown request."))
    cluster = selectors.cluster_targets(user=user, report=report)
    if request.method == "GET":
        return _cluster_page(request, report, ClusterTakedownForm(targets=cluster.targets))
    form = ClusterTakedownForm(request.POST, targets=cluster.targets)
    if not form.is_valid():
        return _cluster_page(request, report, form, status=400)
    try:
        takedown = _draft(user, form, report=report, cited_reports=cluster.reports)
    except NotAllowed as refused:
        return _cluster_page(request, report, form, refused=str(refused), status=403)
    except InvalidAction as refused:
        return _cluster_page(request, report, form, refused=refused.message, status=400)
    return _drafted(request, takedown)


def _detail_page(
    request: HttpRequest,
    user: User,
    takedown: TakedownRequest,
    *,
    done: DoneForm | None = None,
    refuse: TakedownRefuseForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "detail": selectors.takedown_detail(user=user, takedown=takedown),
        "takedown": takedown,
        "done_form": done or DoneForm(),
        "refuse_form": refuse or TakedownRefuseForm(),
        "refused": refused,
        "nav": "desk" if is_responder(user) else "cases",
    }
    return render(request, "requisitions/takedown_detail.html", context, status=status)


@staff_required()
@require_GET
def takedown_detail(request: HttpRequest, takedown_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    takedown = access.takedown_get_for_user(user=user, takedown_id=str(takedown_id))
    return _detail_page(request, user, takedown)


@staff_required()
@require_POST
def takedown_action(request: HttpRequest, takedown_id: UUID, action: str) -> HttpResponse:
    """Approve (a supervisor), acknowledge, done or refuse (the addressee's responders)."""
    user = signed_in_user(request)
    takedown = access.takedown_get_for_user(user=user, takedown_id=str(takedown_id))
    done: DoneForm | None = None
    refuse: TakedownRefuseForm | None = None
    try:
        if action == "approve":
            services.takedown_approve(actor=user, takedown=takedown)
            message = _("Request approved and sent.")
        elif action == "acknowledge":
            services.takedown_acknowledge(actor=user, takedown=takedown)
            message = _("Request acknowledged.")
        elif action == "done":
            done = DoneForm(request.POST)
            if not done.is_valid():
                return _detail_page(request, user, takedown, done=done, status=400)
            services.takedown_done(
                actor=user, takedown=takedown, done_at=done.cleaned_data["done_at"]
            )
            message = _("Recorded as done.")
        elif action == "refuse":
            refuse = TakedownRefuseForm(request.POST)
            if not refuse.is_valid():
                return _detail_page(request, user, takedown, refuse=refuse, status=400)
            services.takedown_refuse(
                actor=user, takedown=takedown, reason=refuse.cleaned_data["reason"]
            )
            message = _("Refusal sent.")
        else:
            raise NotFound
    except NotAllowed as refused:
        return _detail_page(request, user, takedown, refused=str(refused), status=403)
    except InvalidAction as refused:
        status = 400 if refused.fields else 409
        return _detail_page(
            request,
            user,
            takedown,
            done=done,
            refuse=refuse,
            refused=refused.message,
            status=status,
        )
    messages.success(request, message)
    return HttpResponseRedirect(_detail_url(takedown))
