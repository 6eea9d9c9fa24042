"""The "What happened to you?" pages: one question a page, then the advice.

Plain GET forms: the answers travel in the address (hidden fields carry the earlier ones), so
the wizard works without script or session, and a result can be bookmarked or shared. The
rules are ``alerts.guidance.rules``; this module only reads, checks and renders.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.permissions import Permission
from vigilance.alerts.forms.guidance import AdviceForm, AnswerForm
from vigilance.alerts.guidance import rules
from vigilance.alerts.markdown import markdown_html
from vigilance.alerts.selectors import guidance as selectors
from vigilance.alerts.services.guidance import advice_update
from vigilance.core.errors import InvalidAction
from vigilance.intake.next_steps import operator_lines


def _with_answers(url: str, answers: Mapping[str, str]) -> str:
    return f"{url}?{urlencode(answers)}" if answers else url


def question_url(key: str, answers: Mapping[str, str]) -> str:
    if key == "what":
        return _with_answers(reverse("alerts_guidance:start"), answers)
    return _with_answers(reverse("alerts_guidance:question", kwargs={"key": key}), answers)


def advice_url(answers: Mapping[str, str]) -> str:
    return _with_answers(reverse("alerts_guidance:advice"), answers)


def _unreadable(request: HttpRequest) -> HttpResponse:
    message = _(
        "This address holds answers we cannot read: it may have been copied incompletely. "
        "Please answer the questions again."
    )
    context = {"title": _("Please start again"), "message": message}
    context["start_url"] = reverse("alerts_guidance:start")
    return render(request, "alerts/guidance/unreadable.html", context, status=400)


@require_GET
def question(request: HttpRequest, key: str = "what") -> HttpResponse:
    asked_question = rules.QUESTIONS.get(key)
    if asked_question is None:
        raise Http404(key)
    given = {name: str(value) for name, value in request.GET.items() if name != key}
    try:
        others = rules.answers_clean(given)
    except rules.InvalidAnswer:
        return _unreadable(request)
    unanswered = rules.first_unanswered(others)
    asked = rules.questions_for(others)
    if key not in asked or (unanswered and asked.index(unanswered) < asked.index(key)):
        return redirect(question_url(unanswered, others) if unanswered else advice_url(others))
    status = 200
    if "sent" in request.GET:
        form = AnswerForm(asked_question, {key: request.GET.get(key, "")})
        if form.is_valid():
            answers = rules.answers_clean({**others, key: form.cleaned_data[key]})
            following = rules.questions_for(answers)
            index = following.index(key) + 1
            if index < len(following):
                return redirect(question_url(following[index], answers))
            return redirect(advice_url(answers))
        status = 400
    else:
        form = AnswerForm(asked_question, initial={key: request.GET.get(key, "")})
    previous = rules.previous_question(others, key)
    kept = {name: value for name, value in others.items() if name in asked}
    context = {
        "form": form,
        "kept": kept,
        "action": question_url(key, {}),
        "back_url": question_url(previous, kept) if previous else reverse("home"),
        "number": asked.index(key) + 1,
        "count": len(asked),
        "nav": "guidance",
    }
    return render(request, "alerts/guidance/question.html", context, status=status)


@require_GET
def advice(request: HttpRequest) -> HttpResponse:
    try:
        answers = rules.answers_clean(request.GET)
    except rules.InvalidAnswer:
        return _unreadable(request)
    unanswered = rules.first_unanswered(answers)
    if unanswered:
        return redirect(question_url(unanswered, answers))
    guidance = rules.guidance_for(answers, today=timezone.localdate())
    blocks = [
        {
            "key": block.key,
            "title": block.title,
            "body": markdown_html(block.body),
            "is_urgent": block.key in guidance.urgent,
        }
        for block in selectors.advice_blocks(keys=guidance.advice)
    ]
    report_url = f"{reverse('intake:report')}?{urlencode(guidance.report_prefill)}"
    last = rules.questions_for(answers)[-1]
    context = {
        "blocks": blocks,
        "operator_lines": operator_lines(named=guidance.operators),
        "contacts": guidance.contacts,
        "helpline": settings.HELPLINE,
        "report_url": report_url,
        "change_url": question_url(last, answers),
        "restart_url": reverse("alerts_guidance:start"),
        "nav": "guidance",
    }
    return render(request, "alerts/guidance/advice.html", context)


# Editors: the advice texts -------------------------------------------------------------------


@staff_required(Permission.EDIT_ALERTS)
@require_GET
def staff_advice_list(request: HttpRequest) -> HttpResponse:
    context = {"blocks": selectors.advice_list(), "nav": "guidance"}
    return render(request, "alerts/guidance/staff_list.html", context)


@staff_required(Permission.EDIT_ALERTS)
@require_http_methods(["GET", "POST"])
def staff_advice_edit(request: HttpRequest, key: str) -> HttpResponse:
    block = selectors.advice_get(key=key)
    status = 200
    if request.method == "POST":
        form = AdviceForm(request.POST)
        if form.is_valid():
            try:
                advice_update(actor=signed_in_user(request), block=block, **form.cleaned_data)
            except InvalidAction as refused:
                for name, field_messages in refused.fields.items():
                    for message in field_messages:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(request, _("The advice is saved."))
                return redirect("alerts_guidance:staff_advice_list")
        status = 400
    else:
        form = AdviceForm(initial={name: getattr(block, name) for name in AdviceForm.base_fields})
    context = {
        "form": form,
        "advice": block,
        "preview_fr": markdown_html(block.body_fr),
        "preview_en": markdown_html(block.body_en),
        "nav": "guidance",
    }
    return render(request, "alerts/guidance/staff_edit.html", context, status=status)
