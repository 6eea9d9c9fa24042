"""The communication unit's pages: the alerts at every stage, the form in both languages, and
the actions (submit, approve and publish, update, withdraw); and the partners' alerts.

A form error re-renders the page (400); an action the person's role does not allow is refused
with the reason (403); an action the alert's state refuses, with the reason (409).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.reauth import confirm_url, is_recently_authenticated
from vigilance.alerts import access
from vigilance.alerts.forms.alerts import AlertForm, UpdateForm, WithdrawForm
from vigilance.alerts.identifiers import identifiers_as_text
from vigilance.alerts.markdown import render_markdown
from vigilance.alerts.models import Alert, AlertStatus
from vigilance.alerts.selectors import alerts as selectors
from vigilance.alerts.selectors.subscriptions import alert_delivery_counts
from vigilance.alerts.services import alerts as services
from vigilance.core.errors import InvalidAction, NotAllowed

NAV = "alerts"


def _require_author(request: HttpRequest) -> None:
    if not access.works_on_alerts(signed_in_user(request)):
        raise Http404


def _detail_url(alert: Alert) -> str:
    return reverse("alerts:staff_detail", kwargs={"reference": alert.reference})


@staff_required()
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_author(request)
    user = signed_in_user(request)
    status = request.GET.get("status", "")
    page = selectors.author_alert_list(user=user, status=status, page=request.GET.get("page", 1))
    context = {
        "page": page,
        "status": status,
        "statuses": AlertStatus.choices,
        "may_write": access.is_editor(user),
        "nav": NAV,
    }
    return render(request, "alerts/staff/list.html", context)


def _form_page(
    request: HttpRequest,
    form: AlertForm,
    *,
    alert: Alert | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "alert": alert, "refused": refused, "nav": NAV}
    return render(request, "alerts/staff/form.html", context, status=status)


def _refusal(form: AlertForm, error: InvalidAction) -> str:
    for name, problems in error.fields.items():
        if name in form.fields:
            for problem in problems:
                form.add_error(name, problem)
    return error.message


@staff_required()
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.is_editor(user):
        raise Http404
    if request.method == "GET":
        return _form_page(request, AlertForm(initial={"tlp": "clear"}))
    form = AlertForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        alert = services.alert_draft(actor=user, content=form.content())
    except InvalidAction as error:
        return _form_page(request, form, refused=_refusal(form, error), status=400)
    messages.success(
        request,
        _("Alert %(reference)s saved as a draft: submit it for approval when it is ready.")
        % {"reference": alert.reference},
    )
    return HttpResponseRedirect(_detail_url(alert))


def _initial(alert: Alert) -> dict[str, object]:
    return {
        **{
            f"{text}_{language}": getattr(alert, f"{text}_{language}")
            for text in ("title", "summary", "body", "picture_alt")
            for language in ("fr", "en")
        },
        "severity": alert.severity,
        "category": alert.category_id,
        "regions": list(alert.regions.all()),
        "audience": alert.audience,
        "tlp": alert.tlp,
        "identifiers": identifiers_as_text(
            list(alert.identifiers.order_by("pk").values_list("type", "value"))
        ),
    }


@staff_required()
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """A draft rewritten (it goes back to draft), or a published alert updated (a new version)."""
    user = signed_in_user(request)
    alert = access.alert_get_for_author(user=user, reference=reference)
    published = alert.status == AlertStatus.PUBLISHED
    allowed = (
        access.may_change_published(user, alert) if published else access.may_edit(user, alert)
    )
    if not allowed:
        raise NotAllowed(_("This alert can no longer be changed."))
    form_class = UpdateForm if published else AlertForm
    if request.method == "GET":
        form = form_class(initial=_initial(alert), has_picture=alert.has_picture)
        return _form_page(request, form, alert=alert)
    if published and not is_recently_authenticated(request):
        return HttpResponseRedirect(confirm_url(request.get_full_path()))
    form = form_class(request.POST, request.FILES, has_picture=alert.has_picture)
    if not form.is_valid():
        return _form_page(request, form, alert=alert, status=400)
    try:
        if published:
            services.alert_update(
                actor=user, alert=alert, content=form.content(), note=form.cleaned_data["note"]
            )
            messages.success(request, _("The alert is updated; its page says so."))
        else:
            services.alert_change(actor=user, alert=alert, content=form.content())
            messages.success(request, _("The draft is saved."))
    except NotAllowed as error:
        return _form_page(request, form, alert=alert, refused=str(error), status=403)
    except InvalidAction as error:
        return _form_page(request, form, alert=alert, refused=_refusal(form, error), status=400)
    return HttpResponseRedirect(_detail_url(alert))


def _detail_page(
    request: HttpRequest,
    alert: Alert,
    *,
    withdraw: WithdrawForm | None = None,
    refused: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "alert": alert,
        "body_fr": render_markdown(alert.body_fr),
        "body_en": render_markdown(alert.body_en),
        "identifiers": alert.identifiers.order_by("pk"),
        "versions": selectors.alert_versions(alert),
        "may_edit": access.may_edit(user, alert),
        "may_submit": access.is_editor(user) and alert.status == AlertStatus.DRAFT,
        "may_approve": access.may_approve(user, alert),
        "may_change_published": access.may_change_published(user, alert),
        "withdraw_form": withdraw or WithdrawForm(),
        "public_url": alert.is_public and selectors.alert_public_url(alert),
        "refused": refused,
        "delivery_counts": alert.is_public and alert_delivery_counts(alert),
        "detected_by": alert.wave_findings.order_by("-pk").first(),
        "nav": NAV,
    }
    return render(request, "alerts/staff/detail.html", context, status=status)


@staff_required()
@require_GET
def staff_detail(request: HttpRequest, reference: str) -> HttpResponse:
    alert = access.alert_get_for_author(user=signed_in_user(request), reference=reference)
    return _detail_page(request, alert)


ACTIONS = ("submit", "publish", "withdraw")


@staff_required()
@require_POST
def staff_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    user = signed_in_user(request)
    alert = access.alert_get_for_author(user=user, reference=reference)
    if action in ("publish", "withdraw") and not is_recently_authenticated(request):
        # Publishing speaks for the state to the whole country: the approver confirms who they
        # are, then comes back to the alert.
        return HttpResponseRedirect(confirm_url(_detail_url(alert)))
    withdraw: WithdrawForm | None = None
    try:
        if action == "submit":
            services.alert_submit(actor=user, alert=alert)
            messages.success(request, _("Submitted: another editor or a supervisor approves it."))
        elif action == "publish":
            services.alert_publish(actor=user, alert=alert)
            messages.success(request, _("The alert is published."))
        else:
            withdraw = WithdrawForm(request.POST)
            if not withdraw.is_valid():
                return _detail_page(request, alert, withdraw=withdraw, status=400)
            services.alert_withdraw(actor=user, alert=alert, reason=withdraw.cleaned_data["reason"])
            messages.success(request, _("The alert is withdrawn."))
    except NotAllowed as error:
        return _detail_page(request, alert, withdraw=withdraw, refused=str(error), status=403)
    except InvalidAction as error:
        return _detail_page(request, alert, withdraw=withdraw, refused=error.message, status=409)
    return HttpResponseRedirect(_detail_url(alert))


@staff_required()
@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    page = selectors.partner_alert_list(
        user=signed_in_user(request), page=request.GET.get("page", 1)
    )
    return render(
        request, "alerts/staff/partner_list.html", {"page": page, "nav": "partner_alerts"}
    )


@staff_required()
@require_GET
def partner_detail(request: HttpRequest, reference: str) -> HttpResponse:
    alert = selectors.partner_alert_get(user=signed_in_user(request), reference=reference)
    context = {
        "alert": alert,
        "body": render_markdown(alert.in_language("body")),
        "nav": "partner_alerts",
    }
    return render(request, "alerts/staff/partner_detail.html", context)
