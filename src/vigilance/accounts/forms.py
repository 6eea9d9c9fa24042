"""Staff forms of one's own account: sign-in (username, password and a one-time code, with one
answer whichever is wrong), enrolment of the authenticator, re-authentication, password change."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vigilance.accounts import services
from vigilance.accounts.models import User
from vigilance.core.forms import AccessibleForm


class StaffSignInForm(AuthenticationForm):
    """A password alone never signs anyone in: the code of an authenticator or a backup code too.

    The one exception is the first sign-in of a new account, which has no authenticator yet: the
    password opens only the enrolment page, where the person confirms a code before anything else.
    """

    allows_enrolment = True

    # Both cases on every page: the page never tells whether an account has its authenticator.
    otp_token = forms.CharField(
        label=_("One-time code"),
        max_length=32,
        required=False,
        help_text=_(
            "Authenticator app already set up: the 6-digit code it shows now, or one of your "
            "backup codes. First sign-in, or authenticator reset by your administrator: leave "
            "this empty, you will set up the app on the next page."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        # One answer for a wrong password, a wrong code and a missing code: the page never tells
        # whether the password alone was right.
        "invalid_login": _(
            "The username, the password or the one-time code is wrong. The password is "
            "case-sensitive; the code is the one your authenticator app shows now, or a backup "
            "code you have not used yet."
        ),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.pause_seconds = 0

    def _refuse(self, username: str) -> ValidationError:
        services.sign_in_failure_record(username=username)
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        code = self.cleaned_data.get("otp_token") or ""
        if not username or not password:
            return self.cleaned_data
        self.pause_seconds = services.sign_in_pause_seconds(username=username)
        if self.pause_seconds:
            # Refused before the password is checked: a paused account teaches a guesser nothing.
            raise ValidationError(paused_message(self.pause_seconds), code="paused")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            raise self._refuse(username)
        self.confirm_login_allowed(self.user_cache)
        user = self.user_cache
        if self.allows_enrolment and user.must_enrol_authenticator:
            return self.cleaned_data  # the enrolment page asks for the first code
        device = services.user_verify_code(user=user, code=code) if code else None
        if device is None:
            # A wrong code counts as a failed sign-in, so the lockout also stops code guessing.
            user_login_failed.send(
                sender=type(self), credentials={"username": username}, request=self.request
            )
            self.user_cache = None
            raise self._refuse(username)
        services.sign_in_success_record(username=username)
        # django-otp marks the session as verified by this device when the user is logged in.
        user.otp_device = device  # type: ignore[attr-defined]
        return self.cleaned_data


def paused_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many failed sign-in attempts for this username, from any connection. For its "
        "security, signing in to it is paused: try again in %(minutes)s minute.",
        "Too many failed sign-in attempts for this username, from any connection. For its "
        "security, signing in to it is paused: try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


class AdminSignInForm(StaffSignInForm, AdminAuthenticationForm):
    """The same sign-in for the administration site, which also requires ``is_staff``; a code
    is always required there (an account enrols its authenticator in the workspace first)."""

    allows_enrolment = False

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        **StaffSignInForm.error_messages,
        "invalid_login": _(
            "The username, the password or the one-time code is wrong, or this is not an "
            "administrator account. The password is case-sensitive."
        ),
    }


class EnrolForm(AccessibleForm):
    """The first code shown by the authenticator app the person has just set up."""

    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        help_text=_("The 6 digits your authenticator app shows now for Vigilance."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


ENROL_CODE_WRONG = _(
    "This code is wrong or has expired. Type the 6 digits your authenticator app shows now."
)


class ConfirmForm(AccessibleForm):
    """Re-authentication before a sensitive action: the password and a one-time code again."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("One-time code"),
        max_length=32,
        help_text=_(
            "The 6-digit code shown by your authenticator app, or one of your backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: object | None = None

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        password, code = cleaned_data.get("password"), cleaned_data.get("otp_token")
        if not password or not code:
            return cleaned_data
        if self.user.check_password(password):
            self.device = services.user_verify_code(user=self.user, code=code)
        if self.device is None:
            raise ValidationError(
                _(
                    "The password or the one-time code is wrong. The password is "
                    "case-sensitive; the code is the one your authenticator app shows now."
                ),
                code="invalid_login",
            )
        return cleaned_data


class PasswordChangeForm(AccessibleForm):
    """The current password, then the new one twice; the rules are checked by the service."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_(
            "At least 12 characters, not a common password, not only digits, and not close to "
            "your name or username. A few unrelated words make a good password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password, again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        first, second = cleaned_data.get("new_password1"), cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords are not the same."))
        return cleaned_data


class PasswordRenewForm(AccessibleForm):
    """The person's own password, replacing the temporary one an administrator gave them."""

    new_password1 = PasswordChangeForm.base_fields["new_password1"]
    new_password2 = PasswordChangeForm.base_fields["new_password2"]

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        first, second = cleaned_data.get("new_password1"), cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords are not the same."))
        return cleaned_data
