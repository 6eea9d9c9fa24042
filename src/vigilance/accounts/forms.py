"""Staff forms of one's own account: sign-in (username, password and a one-time code, checked in
that order), enrolment of the authenticator, re-authentication, password change."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigilance.accounts import services
from vigilance.accounts.models import User
from vigilance.core.forms import AccessibleForm


class StaffSignInForm(AuthenticationForm):
    """A password alone never signs anyone in: the code of an authenticator or a backup code too.

    The one exception is the first sign-in of a new account, which has no authenticator yet: the
    password opens only the enrolment page, where the person confirms a code before anything else.
    """

    allows_enrolment = True

    otp_token = forms.CharField(
        label=_("One-time code"),
        max_length=32,
        required=False,
        help_text=_(
            "The 6-digit code shown by your authenticator app, or one of your backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This username and password do not match. Both are case-sensitive: check them and "
            "try again."
        ),
        "inactive": _("This account is disabled. Ask your administrator."),
        "invalid_code": _(
            "This one-time code is wrong or has expired. Type the code your authenticator app "
            "shows now, or a backup code you have not used yet."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["otp_token"].error_messages["required"] = _(
            "Type the one-time code from your authenticator app or a backup code."
        )

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()  # checks the password (and the lockout) first
        user = self.get_user()
        code = cleaned_data.get("otp_token")
        if user is None:
            return cleaned_data
        if self.allows_enrolment and user.must_enrol_authenticator:
            return cleaned_data  # the enrolment page asks for the first code
        if not code:
            self.add_error("otp_token", self.fields["otp_token"].error_messages["required"])
            return cleaned_data
        device = services.user_verify_code(user=user, code=code)
        if device is None:
            # A wrong code counts as a failed sign-in, so the lockout also stops code guessing.
            user_login_failed.send(
                sender=type(self),
                credentials={"username": cleaned_data.get("username", "")},
                request=self.request,
            )
            raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        # django-otp marks the session as verified by this device when the user is logged in.
        user.otp_device = device  # type: ignore[attr-defined]
        return cleaned_data


class AdminSignInForm(StaffSignInForm, AdminAuthenticationForm):
    """The same sign-in for the administration site, which also requires ``is_staff``; a code
    is always required there (an account enrols its authenticator in the workspace first)."""

    allows_enrolment = False

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        **StaffSignInForm.error_messages,
        "invalid_login": _(
            "This username and password do not match an administrator account. Both are "
            "case-sensitive."
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
        if not self.user.check_password(password):
            raise ValidationError(
                _("This is not your password. It is case-sensitive: check it and try again."),
                code="invalid_password",
            )
        self.device = services.user_verify_code(user=self.user, code=code)
        if self.device is None:
            raise ValidationError(
                StaffSignInForm.error_messages["invalid_code"], code="invalid_code"
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
