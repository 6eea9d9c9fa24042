"""The page an e-mail confirmation link opens: it shows a button, and only pressing it confirms.

A mail scanner that follows the link (GET) confirms nothing. The page needs no session: the
reporter may open their mailbox on another device than the one that follows the report.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vigilance.core.ratelimit import check_rate
from vigilance.intake import verification


def _page(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    response = render(request, "intake/follow_confirm_email.html", context, status=status)
    response["Cache-Control"] = "no-store"
    # The link carries its token: never pass it on to another site. Not "no-referrer": the
    # browser would then send "Origin: null" with the confirming form, which CSRF refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    check_rate(
        request,
        group="contact-confirm",
        per_ip=verification.CONFIRM_RATE_PER_IP,
        overall=verification.SEND_RATE_GLOBAL,
    )
    try:
        if request.method == "POST":
            report = verification.contact_verification_confirm_link(token=token)
            return _page(request, {"confirmed": True, "reference": report.reference})
        pending = verification.contact_verification_for_link(token)
    except verification.VerificationRefused as refused:
        return _page(request, {"refusal": refused.message}, status=400)
    return _page(request, {"reference": pending.report.reference})
