"""Public pages: the check before paying, and the owner's dispute of a reported value.

The check is a GET form: it works without JavaScript, and its answer can be bookmarked or sent
to a relative ("look, this number was reported").
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from vigilance.core.ratelimit import check_rate
from vigilance.indicators.disputes import REVIEW_WORKING_DAYS, DisputeInvalid, dispute_submit
from vigilance.indicators.forms_public import CheckForm, DisputeForm
from vigilance.indicators.lookup import PublicCheck, public_check
from vigilance.indicators.normalise import TYPES, InvalidIdentifier, display
from vigilance.indicators.public_notices import public_notices
from vigilance.indicators.tallies import lookup_tally_record

NAV = "check"
# The reference of the dispute this browser just filed, shown on the confirmation.
DISPUTE_SENT_KEY = "dispute_sent_reference"


def _answer_context(result: PublicCheck) -> dict[str, object]:
    # An answer about a link's site is disputed by the site's owner, on the site.
    disputed = ("domain", result.site) if result.site else (result.type, result.value)
    return {
        "result": result,
        "shown_value": display(result.type, result.value),
        "shown_site": display("domain", result.site) if result.site else "",
        "type_label": TYPES[result.type],
        "dispute_query": urlencode(dict(zip(("type", "value"), disputed, strict=True))),
        "notices": public_notices(result.type, result.value),
    }


def _check_lookup_rate(request: HttpRequest) -> None:
    check_rate(
        request,
        group="lookup",
        per_ip=settings.RATE_LOOKUP_PER_IP,
        overall=settings.RATE_LOOKUP_GLOBAL,
    )


@require_GET
def check(request: HttpRequest) -> HttpResponse:
    if "type" not in request.GET and "value" not in request.GET:
        form = CheckForm(initial={"type": "phone"})
        return render(request, "indicators/public/check.html", {"form": form, "nav": NAV})
    _check_lookup_rate(request)
    form = CheckForm(request.GET)
    if form.is_valid():
        try:
            result = public_check(form.cleaned_data["type"], form.cleaned_data["value"])
        except InvalidIdentifier as error:
            form.add_value_error(str(error))
        else:
            lookup_tally_record(type=result.type, value=result.value)
            context = {"form": form, "nav": NAV, **_answer_context(result)}
            return render(request, "indicators/public/check.html", context)
    return render(request, "indicators/public/check.html", {"form": form, "nav": NAV}, status=400)


def _reported(type: str, value: str) -> PublicCheck | None:
    """The public answer for a value, if there is something to dispute."""
    if type not in TYPES:
        return None
    try:
        result = public_check(type, value)
    except InvalidIdentifier:
        return None
    return result if result.is_reported else None


@require_http_methods(["GET", "POST"])
def dispute(request: HttpRequest) -> HttpResponse:
    # It tells reported from not reported: a look-up, limited as one.
    _check_lookup_rate(request)
    data = request.POST if request.method == "POST" else request.GET
    result = _reported(str(data.get("type", "")), str(data.get("value", "")))
    if result is None:
        status = 400 if request.method == "POST" else 200
        return render(
            request, "indicators/public/dispute_nothing.html", {"nav": NAV}, status=status
        )
    if request.method == "GET":
        form = DisputeForm(initial={"type": result.type, "value": result.value})
        context = {"form": form, "nav": NAV, **_answer_context(result)}
        return render(request, "indicators/public/dispute.html", context)
    check_rate(
        request,
        group="submit",
        per_ip=settings.RATE_SUBMIT_PER_IP,
        overall=settings.RATE_SUBMIT_GLOBAL,
    )
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            filed = dispute_submit(
                type=result.type,
                value=result.value,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                statement=form.cleaned_data["statement"],
                language=get_language() or "fr",
            )
        except DisputeInvalid as error:
            form.add_service_errors(error)
        else:
            request.session[DISPUTE_SENT_KEY] = filed.reference
            return redirect("indicators:dispute_sent")
    context = {"form": form, "nav": NAV, **_answer_context(result)}
    return render(request, "indicators/public/dispute.html", context, status=400)


@require_GET
def dispute_sent(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": NAV,
        "reference": str(request.session.get(DISPUTE_SENT_KEY, "")),
        "review_days": REVIEW_WORKING_DAYS,
    }
    return render(request, "indicators/public/dispute_sent.html", context)
