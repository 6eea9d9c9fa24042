"""Staff pages: sign-in with a one-time code, sign-out, the signed-in home, the lockout page."""

import ipaddress
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.decorators import otp_required

from vigilance.accounts.forms import StaffSignInForm
from vigilance.core.ratelimit import client_address as ratelimit_client_address


class SignInView(auth_views.LoginView):
    form_class = StaffSignInForm
    template_name = "accounts/sign_in.html"

    def get_default_redirect_url(self) -> str:
        return reverse("cases:home")


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, which only answers POST (a link cannot sign anyone out)."""

    def get_default_redirect_url(self) -> str:
        return reverse("accounts:sign_in")


@otp_required(login_url=reverse_lazy("accounts:sign_in"))
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html")


def client_address(request: HttpRequest) -> str | None:
    """The address the lockout counts failures for: the same one as the rate limits.

    None when there is no valid address (a request made in-process), which the database column
    of an IP address would refuse.
    """
    address = ratelimit_client_address("axes", request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, *args: Any
) -> HttpResponse:
    """The page shown instead of the sign-in form after too many failures (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0
    if minutes:
        message = ngettext(
            "Too many failed sign-in attempts. For your security, signing in to this account from "
            "your connection is blocked for %(minutes)s minute.",
            "Too many failed sign-in attempts. For your security, signing in to this account from "
            "your connection is blocked for %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed sign-in attempts. For your security, signing in to this account from "
            "your connection is blocked. Ask your administrator to unlock it."
        )
    response = render(
        request,
        "accounts/locked_out.html",
        {"message": message, "sign_in_url": reverse("accounts:sign_in")},
        status=429,
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
