"""Staff pages of one's own account: sign-in with a one-time code, enrolment of the authenticator
at the first sign-in, re-authentication, the account page, sign-out, the lockout page."""

import ipaddress
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from vigilance.accounts import reauth, services
from vigilance.accounts.decorators import enrol_url, signed_in_user, staff_required
from vigilance.accounts.forms import (
    ENROL_CODE_WRONG,
    ConfirmForm,
    EnrolForm,
    PasswordChangeForm,
    PasswordRenewForm,
    StaffSignInForm,
)
from vigilance.accounts.models import Role, User
from vigilance.core.errors import InvalidAction
from vigilance.core.qr_codes import qr_svg_data_uri
from vigilance.core.ratelimit import client_address as ratelimit_client_address


class SignInView(auth_views.LoginView):
    form_class = StaffSignInForm
    template_name = "accounts/sign_in.html"

    def get_default_redirect_url(self) -> str:
        return reverse("cases:home")

    def form_invalid(self, form: StaffSignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.pause_seconds:
            response.status_code = 429
            response["Retry-After"] = str(form.pause_seconds)
        return response

    def form_valid(self, form: StaffSignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if form.get_user().must_enrol_authenticator:
            return HttpResponseRedirect(enrol_url(self.get_success_url()))
        reauth.authentication_record(self.request)
        return response


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, which only answers POST (a link cannot sign anyone out)."""

    def get_default_redirect_url(self) -> str:
        return reverse("accounts:sign_in")


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("cases:home")


def _locked(request: HttpRequest, user: User) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": user.get_username()}))


def _count_failure(request: HttpRequest, user: User, sender: type) -> None:
    """A wrong code or password here counts towards the same lockouts as the sign-in page."""
    services.sign_in_failure_record(username=user.get_username())
    user_login_failed.send(
        sender=sender, credentials={"username": user.get_username()}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)  # the lockout page follows (AxesMiddleware); this session ends too


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: scan the QR code (or type the secret), confirm a code, keep backup codes."""
    user = request.user
    next_url = _next_url(request)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
    if not user.must_enrol_authenticator:
        return HttpResponseRedirect(next_url)
    if _locked(request, user):
        logout(request)
        return locked_out(request)
    account = services.user_authenticator_pending(user=user)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        enrolment = services.user_enrol_confirm(user=user, code=form.cleaned_data["code"])
        if enrolment is not None:
            otp_login(request, enrolment.device)
            services.sign_in_success_record(username=user.get_username())
            reauth.authentication_record(request)
            return render(
                request,
                "accounts/enrol_done.html",
                {"backup_codes": enrolment.backup_codes, "next": next_url},
            )
        _count_failure(request, user, EnrolForm)
        form.add_error("code", ENROL_CODE_WRONG)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": qr_svg_data_uri(account.otpauth_uri),
        "secret": services.authenticator_secret(account.device),
    }
    return render(request, "accounts/enrol.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@staff_required()
def confirm(request: HttpRequest) -> HttpResponse:
    """Re-authentication: the password and a code again, then back to the page asked for."""
    user = request.user
    next_url = _next_url(request)
    if _locked(request, user):  # type: ignore[arg-type]
        logout(request)
        return locked_out(request)
    form = ConfirmForm(request.POST if request.method == "POST" else None, user=user)  # type: ignore[arg-type]
    if form.is_valid():
        reauth.authentication_record(request)
        return HttpResponseRedirect(next_url)
    if form.is_bound and form.non_field_errors():
        _count_failure(request, user, ConfirmForm)  # type: ignore[arg-type]
    status = 400 if form.errors else 200
    return render(request, "accounts/confirm.html", {"form": form, "next": next_url}, status=status)


def _account_page(
    request: HttpRequest,
    *,
    password_form: PasswordChangeForm | None = None,
    backup_codes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    role_labels = [Role(code).label for code in user.roles or [] if code in Role.values]  # type: ignore[union-attr]
    context: dict[str, Any] = {
        "nav": "account",
        "role_labels": role_labels,
        "password_form": password_form or PasswordChangeForm(),
        "backup_codes": backup_codes,
    }
    return render(request, "accounts/account.html", context, status=status)


@require_http_methods(["GET"])
@staff_required()
def account(request: HttpRequest) -> HttpResponse:
    """Who I am, where I work, my roles; change my password, renew my backup codes, sign out."""
    return _account_page(request)


@require_POST
@staff_required()
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            services.user_change_password(
                user=signed_in_user(request),
                current_password=form.cleaned_data["current_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                target = "new_password1" if field == "password" else field
                for message in field_errors:
                    form.add_error(target if target in form.fields else None, message)
            form.mark_errors()
        else:
            update_session_auth_hash(request, signed_in_user(request))
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:account")
    return _account_page(request, password_form=form, status=400)


@require_http_methods(["GET", "POST"])
@staff_required()
def password_renew(request: HttpRequest) -> HttpResponse:
    """After an administrator's reset: the person chooses their own password before anything."""
    user = signed_in_user(request)
    next_url = _next_url(request)
    if not user.must_change_password:
        return HttpResponseRedirect(next_url)
    form = PasswordRenewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.user_password_renew(user=user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            for field_errors in error.message_dict.values():
                for message in field_errors:
                    form.add_error("new_password1", message)
            form.mark_errors()
        except InvalidAction as error:
            form.add_error("new_password1", error.message)
            form.mark_errors()
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return HttpResponseRedirect(next_url)
    status = 400 if form.errors else 200
    return render(
        request, "accounts/password_renew.html", {"form": form, "next": next_url}, status=status
    )


@require_POST
@staff_required()
def backup_codes_reset(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once; the old ones stop working."""
    codes = services.user_backup_codes_reset(user=signed_in_user(request))
    return _account_page(request, backup_codes=codes)


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
