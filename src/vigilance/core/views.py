"""Pages of the whole site: home, error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _(
        "Your form expired or your browser refused our cookie. Go back, reload the page and send "
        "it again: nothing you already sent has been lost."
    )
    return render(
        request, "error.html", {"title": _("Please try again"), "message": message}, status=403
    )
