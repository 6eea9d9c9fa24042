"""Pages of the whole site: advice, helpline, and the error pages (the home page, with the
latest alerts, is served by the alerts app)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def advice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/advice.html", {"nav": "advice"})


def helpline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/helpline.html", {"nav": "helpline"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database or the session may be what failed."""
    page = loader.get_template("500.html").render(
        {"request": request, "HELPLINE": settings.HELPLINE}
    )
    return HttpResponseServerError(page)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    message = _(
        "Your form expired or your browser refused our cookie. Go back, reload the page and send "
        "it again: nothing you already sent has been lost."
    )
    return render(
        request, "error.html", {"title": _("Please try again"), "message": message}, status=403
    )
