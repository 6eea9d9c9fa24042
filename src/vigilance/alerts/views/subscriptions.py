"""Public pages of alert subscriptions: subscribe, confirm (link or SMS code), change one's
choices, unsubscribe (also in one click from a mail client, RFC 8058), and the short link of an
SMS. They work without JavaScript; the subscriber's links carry their own secret."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.alerts.forms.subscriptions import CodeForm, ManageForm, SubscribeForm
from vigilance.alerts.models import Alert
from vigilance.alerts.models_subscriptions import Subscriber, SubscriptionChannel
from vigilance.alerts.selectors.subscriptions import alert_is_sendable, subscriber_get_by_token
from vigilance.alerts.services import subscriptions as services
from vigilance.alerts.services.deliveries import alert_url
from vigilance.core.ratelimit import check_rate, rate_limit

PENDING_KEY = "alerts_subscription_pending"
CONFIRM_RATE_PER_IP = "30/h"
CONFIRM_RATE_GLOBAL = "5000/m"


def _language() -> str:
    return (get_language() or "fr")[:2]


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _subscribe_attempt(request)
    return render(request, "alerts/subscriptions/subscribe.html", {"form": SubscribeForm()})


@rate_limit("subscribe", per_ip="RATE_SUBSCRIBE_PER_IP", overall="RATE_SUBSCRIBE_GLOBAL")
def _subscribe_attempt(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST)
    if form.is_valid():
        try:
            subscriber = services.subscriber_subscribe(
                channel=form.cleaned_data["channel"],
                address=form.cleaned_data["address"],
                region_codes=form.cleaned_data["regions"],
                category_codes=form.cleaned_data["categories"],
                language=_language(),
            )
        except services.SubscriptionInvalid as error:
            form.add_service_errors(error.fields)
        else:
            # The same answer whatever the address's state: nothing tells a stranger whether
            # this address was already subscribed.
            if subscriber.channel == SubscriptionChannel.SMS:
                request.session[PENDING_KEY] = str(subscriber.public_id)
                return redirect("alerts_subscriptions:confirm_code")
            hours = int(settings.ALERT_SUBSCRIPTION_CONFIRM_HOURS)
            return render(request, "alerts/subscriptions/check_email.html", {"hours": hours})
    return render(request, "alerts/subscriptions/subscribe.html", {"form": form}, status=400)


def _start_again(request: HttpRequest, message: str, *, status: int = 400) -> HttpResponse:
    return render(
        request, "alerts/subscriptions/start_again.html", {"message": message}, status=status
    )


@require_http_methods(["GET", "POST"])
def confirm_code(request: HttpRequest) -> HttpResponse:
    subscriber_id = request.session.get(PENDING_KEY)
    if not subscriber_id:
        return redirect("alerts_subscriptions:subscribe")
    if request.method == "GET":
        return render(request, "alerts/subscriptions/confirm_code.html", {"form": CodeForm()})
    check_rate(
        request, group="subscribe-confirm", per_ip=CONFIRM_RATE_PER_IP, overall=CONFIRM_RATE_GLOBAL
    )
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.subscriber_confirm_code(
                subscriber_id=subscriber_id, code=form.cleaned_data["code"]
            )
        except services.ConfirmationRefused as error:
            if error.code != services.Refusal.WRONG_CODE.value:
                request.session.pop(PENDING_KEY, None)
                return _start_again(request, error.message)
            form.add_error("code", error.message)
            form.mark_errors()
        else:
            request.session.pop(PENDING_KEY, None)
            return render(request, "alerts/subscriptions/confirmed.html")
    return render(request, "alerts/subscriptions/confirm_code.html", {"form": form}, status=400)


@require_http_methods(["GET", "POST"])
def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """A button to press rather than a link that confirms by itself: mail scanners open links."""
    if request.method == "GET":
        refusal = services.subscriber_confirmation_refusal(token=token)
        if refusal is not None:
            return _start_again(request, refusal.message)
        return render(request, "alerts/subscriptions/confirm_link.html")
    check_rate(
        request, group="subscribe-confirm", per_ip=CONFIRM_RATE_PER_IP, overall=CONFIRM_RATE_GLOBAL
    )
    try:
        services.subscriber_confirm_link(token=token)
    except services.ConfirmationRefused as error:
        return _start_again(request, error.message)
    return render(request, "alerts/subscriptions/confirmed.html")


def _subscriber_or_404(subscriber_id: str, token: str) -> Subscriber:
    subscriber = subscriber_get_by_token(subscriber_id=subscriber_id, token=token)
    if subscriber is None:
        raise Http404
    return subscriber


def _manage_form(subscriber: Subscriber) -> ManageForm:
    return ManageForm(
        initial={
            "regions": list(subscriber.regions.values_list("code", flat=True)),
            "categories": list(subscriber.categories.values_list("code", flat=True)),
            "language": subscriber.language,
        }
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, subscriber_id: str, token: str) -> HttpResponse:
    subscriber = _subscriber_or_404(str(subscriber_id), token)
    context = {"subscriber": subscriber, "token": token, "saved": False}
    if request.method == "GET" or not subscriber.is_receiving:
        context["form"] = _manage_form(subscriber)
        return _no_store(render(request, "alerts/subscriptions/manage.html", context))
    form = ManageForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.subscriber_choices_update(
                subscriber=subscriber,
                choices=services.Choices(
                    region_codes=form.cleaned_data["regions"],
                    category_codes=form.cleaned_data["categories"],
                    language=form.cleaned_data["language"],
                ),
            )
        except services.SubscriptionInvalid as error:
            form.add_service_errors(error.fields)
        else:
            context["saved"] = True
            status = 200
    context["form"] = form
    return _no_store(render(request, "alerts/subscriptions/manage.html", context, status=status))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, subscriber_id: str, token: str) -> HttpResponse:
    """RFC 8058: a mail client POSTs ``List-Unsubscribe=One-Click`` here, without a cookie or a
    CSRF token; the secret in the address is the authentication. GET leads to the manage page,
    since link scanners must not unsubscribe anyone."""
    subscriber = _subscriber_or_404(str(subscriber_id), token)
    if request.method == "GET":
        return redirect("alerts_subscriptions:manage", subscriber_id=subscriber_id, token=token)
    via = "one_click" if request.POST.get("List-Unsubscribe") == "One-Click" else "page"
    services.subscriber_unsubscribe(subscriber=subscriber, via=via)
    return _no_store(render(request, "alerts/subscriptions/unsubscribed.html"))


@require_GET
def short_link(request: HttpRequest, reference: str) -> HttpResponse:
    """The short address an alert SMS carries, leading to the alert's page."""
    alert = Alert.objects.filter(reference=reference.upper()).first()
    if alert is None or not alert_is_sendable(alert):
        raise Http404(_("No published alert has this reference."))
    return redirect(alert_url(alert, _language()))
