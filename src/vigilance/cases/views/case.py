"""The case list and the case page, with one POST address per action on the case.

Each action fetches the case through the gate (404 outside need-to-know), reads its form, calls
one service, and redirects back with a message; a form error re-renders the page with the form
marked (400), an action the person's standing on the case does not allow with the reason (403),
an action the case's state refuses with the reason (409).
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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access
from vigilance.cases.access import CASE_ACTIONS, CaseAction
from vigilance.cases.forms import case as case_forms
from vigilance.cases.models import Case, CaseStatus
from vigilance.cases.selectors.case import (
    case_detail as case_detail_get,
)
from vigilance.cases.selectors.case import (
    case_get_by_number_for_user,
    case_list_for_user,
    case_reports_page,
    report_get_by_reference_for_user,
)
from vigilance.cases.selectors.filters import filter_units_for_user
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.indicators.annotations import annotations_for

Run = Callable[[HttpRequest, Case, Any], str]


@dataclass(frozen=True)
class Action:
    form: type[forms.Form]
    case_action: CaseAction
    run: Run
    anchor: str
    takes_case: bool = False


@staff_required(Permission.VIEW_CASES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the person may see, narrowed by the filters that passed their checks; a wrong
    filter is set aside and shown with its message."""
    user = signed_in_user(request)
    filters = case_forms.CaseFilterForm(request.GET or None, units=filter_units_for_user(user=user))
    values = filters.valid_values()
    unit = values.get("unit")
    refused = ""
    try:
        listed = case_list_for_user(
            user=user,
            status=values.get("status") or "",
            unit=unit.code if unit else "",
            priority=values.get("priority"),
            opened_from=values.get("date_from"),
            opened_to=values.get("date_to"),
            mine=bool(values.get("mine")),
            cursor=request.GET.get("cursor", ""),
        )
    except InvalidAction as error:
        refused = error.message
        listed = None
    query = request.GET.copy()
    query.pop("cursor", None)
    query.pop("page", None)
    context = {
        "nav": "cases",
        "filters": filters,
        "page": listed.page if listed else None,
        "count": listed.count if listed else None,
        "query": query.urlencode(),
        "refused": refused,
    }
    return render(request, "cases/case_list.html", context, status=400 if refused else 200)


def _run_status(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    lifecycle.case_transition(
        case=case, status=data["status"], outcome=data["outcome"], actor=signed_in_user(request)
    )
    return _("The status of the case is now: %(status)s.") % {
        "status": case.get_status_display().lower()
    }


def _run_reopen(request: HttpRequest, case: Case, form: Any) -> str:
    lifecycle.case_reopen(
        case=case, reason=form.cleaned_data["reason"], actor=signed_in_user(request)
    )
    return _("The case is reopened.")


def _run_attach(request: HttpRequest, case: Case, form: Any) -> str:
    user = signed_in_user(request)
    reference = form.cleaned_data["reference"]
    try:
        report = report_get_by_reference_for_user(user=user, reference=reference)
    except NotFound:
        form.add_error("reference", _("No report you can see has this reference."))
        raise
    lifecycle.case_attach_report(case=case, report=report, actor=user)
    return _("Report %(reference)s is now in the case.") % {"reference": report.reference}


def _run_task(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    work.case_task_add(
        case=case,
        title=data["title"],
        assignee=data["assignee"],
        due_date=data["due_date"],
        actor=signed_in_user(request),
    )
    return _("The task is added.")


def _run_note(request: HttpRequest, case: Case, form: Any) -> str:
    work.case_note_add(case=case, body=form.cleaned_data["body"], actor=signed_in_user(request))
    return _("The note is added.")


def _run_share(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    work.case_share_add(
        case=case,
        unit=data.get("unit"),
        organisation=data.get("organisation"),
        user=data.get("user"),
        reason=data["reason"],
        expires_at=form.expires_at(),
        may_contribute=data["may_contribute"],
        may_download_evidence=data["may_download_evidence"],
        may_export_case_file=data["may_export_case_file"],
        actor=signed_in_user(request),
    )
    return _("The case is shared.")


def _run_link(request: HttpRequest, case: Case, form: Any) -> str:
    user = signed_in_user(request)
    try:
        other = case_get_by_number_for_user(user=user, number=form.cleaned_data["number"])
    except NotFound:
        form.add_error("number", _("No case you can see has this number."))
        raise
    work.case_link_add(case=case, other_case=other, reason=form.cleaned_data["reason"], actor=user)
    return _("The cases are linked.")


def _run_lead(request: HttpRequest, case: Case, form: Any) -> str:
    work.case_lead_set(case=case, lead=form.cleaned_data["lead"], actor=signed_in_user(request))
    return _("The lead is changed.")


def _run_unit(request: HttpRequest, case: Case, form: Any) -> str:
    work.case_unit_set(case=case, unit=form.cleaned_data["unit"], actor=signed_in_user(request))
    return _("The owning unit is changed.")


def _run_priority(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    work.case_priority_set(
        case=case, priority=data["priority"], tlp=data["tlp"], actor=signed_in_user(request)
    )
    return _("The priority and TLP marking are changed.")


def _run_message(request: HttpRequest, case: Case, form: Any) -> str:
    data = form.cleaned_data
    work.case_message_victim(
        case=case, report=data["report"], text=data["text"], actor=signed_in_user(request)
    )
    return _("The message is sent to the victim.")


ACTIONS: dict[str, Action] = {
    "status": Action(case_forms.StatusForm, CaseAction.CHANGE_STATUS, _run_status, "status", True),
    "reopen": Action(case_forms.ReopenForm, CaseAction.REOPEN, _run_reopen, "status"),
    "attach": Action(case_forms.AttachForm, CaseAction.ATTACH_REPORT, _run_attach, "reports"),
    "task": Action(case_forms.TaskForm, CaseAction.CONTRIBUTE, _run_task, "tasks", True),
    "note": Action(case_forms.NoteForm, CaseAction.CONTRIBUTE, _run_note, "notes"),
    "share": Action(case_forms.ShareForm, CaseAction.MANAGE_SHARES, _run_share, "shares"),
    "link": Action(case_forms.LinkForm, CaseAction.LINK, _run_link, "links"),
    "lead": Action(case_forms.LeadForm, CaseAction.CHANGE_LEAD, _run_lead, "case", True),
    "unit": Action(case_forms.UnitForm, CaseAction.CHANGE_UNIT, _run_unit, "case"),
    "priority": Action(case_forms.PriorityForm, CaseAction.CHANGE_PRIORITY, _run_priority, "case"),
    "message": Action(
        case_forms.MessageForm, CaseAction.MESSAGE_VICTIM, _run_message, "message", True
    ),
}


def _blank_form(name: str, action: Action, case: Case, data: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"prefix": name}
    if action.takes_case:
        kwargs["case"] = case
    if name == "priority" and data is None:
        kwargs["initial"] = {"priority": case.priority, "tlp": case.tlp}
    return action.form(data, **kwargs)


def _forms_for(
    case: Case, allowed: frozenset[str], bound: dict[str, forms.Form]
) -> dict[str, forms.Form]:
    """The forms this person may use on this case, the one just posted kept as sent."""
    shown: dict[str, forms.Form] = {}
    closed = case.status == CaseStatus.CLOSED
    for name, action in ACTIONS.items():
        if action.case_action not in allowed:
            continue
        if name == "reopen" and not closed:
            continue
        if name in ("status", "attach", "task", "unit") and closed:
            continue
        shown[name] = bound.get(name) or _blank_form(name, action, case)
    return shown


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    """The case page, for a case the edge fetched through the gate."""
    user = signed_in_user(request)
    if status != 200:
        # A refused action may have changed the object in memory before its transaction rolled back.
        case.refresh_from_db()
    detail = case_detail_get(user=user, case=case)
    context = {
        "nav": "cases",
        "detail": detail,
        "case": detail.case,
        "forms": _forms_for(detail.case, detail.actions, bound or {}),
        "refused": refused,
        "refused_action": next(iter(bound or {}), ""),
        "annotations": annotations_for(
            user, [(item.type, item.value) for item in detail.identifiers]
        ),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@staff_required(Permission.VIEW_CASES)
@require_GET
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = access.case_get_for_user(user=signed_in_user(request), case_id=str(case_id))
    work.case_view_record(case=case, actor=signed_in_user(request))
    return render_case(request, case)


@staff_required(Permission.VIEW_CASES)
@require_GET
def case_reports(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Every report of a case, page by page (the case page shows the first ones)."""
    case = access.case_get_for_user(user=signed_in_user(request), case_id=str(case_id))
    try:
        page = case_reports_page(case=case, cursor=request.GET.get("cursor", ""))
    except InvalidAction as error:
        context = {"nav": "cases", "case": case, "page": None, "refused": error.message}
        return render(request, "cases/case_reports.html", context, status=400)
    return render(request, "cases/case_reports.html", {"nav": "cases", "case": case, "page": page})


def _back(case_id: UUID, anchor: str) -> HttpResponseRedirect:
    url = reverse("cases:case_detail", kwargs={"case_id": case_id})
    return HttpResponseRedirect(f"{url}#{anchor}")


@staff_required(Permission.VIEW_CASES)
@require_POST
def case_action(request: HttpRequest, case_id: UUID, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    user = signed_in_user(request)
    if chosen is None or not can(user, CASE_ACTIONS[chosen.case_action][0]):
        raise NotFound
    case = access.case_get_for_user(user=user, case_id=str(case_id))
    form = _blank_form(action, chosen, case, request.POST)
    if not form.is_valid():
        return render_case(request, case, bound={action: form}, status=400)
    try:
        message = chosen.run(request, case, form)
    except NotFound:
        return render_case(request, case, bound={action: form}, status=400)
    except NotAllowed as refused:
        return render_case(request, case, refused=str(refused), status=403)
    except InvalidAction as refused:
        for field, errors in refused.fields.items():
            if field in form.fields:
                for error in errors:
                    form.add_error(field, error)
        return render_case(request, case, bound={action: form}, refused=refused.message, status=409)
    messages.success(request, message)
    return _back(case_id, chosen.anchor)


@staff_required(Permission.WORK_CASE)
@require_POST
def case_task_done(request: HttpRequest, case_id: UUID, task_id: int) -> HttpResponse:
    case = access.case_get_for_user(user=signed_in_user(request), case_id=str(case_id))
    try:
        work.case_task_complete(case=case, task_id=task_id, actor=signed_in_user(request))
    except NotAllowed as refused:
        return render_case(request, case, refused=str(refused), status=403)
    except InvalidAction as refused:
        return render_case(request, case, refused=refused.message, status=409)
    messages.success(request, _("The task is marked done."))
    return _back(case_id, "tasks")


@staff_required(Permission.SHARE_CASE)
@require_POST
def case_share_revoke(request: HttpRequest, case_id: UUID, share_id: int) -> HttpResponse:
    case = access.case_get_for_user(user=signed_in_user(request), case_id=str(case_id))
    try:
        work.case_share_revoke(case=case, share_id=share_id, actor=signed_in_user(request))
    except NotAllowed as refused:
        return render_case(request, case, refused=str(refused), status=403)
    except InvalidAction as refused:
        return render_case(request, case, refused=refused.message, status=409)
    messages.success(request, _("The share is revoked."))
    return _back(case_id, "shares")
