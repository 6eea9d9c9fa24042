"""The staff sign-in form: username, password and a one-time code, checked in that order."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigilance.accounts import services


class StaffSignInForm(AuthenticationForm):
    """A password alone never signs anyone in: the code of an authenticator or a backup code too."""

    otp_token = forms.CharField(
        label=_("One-time code"),
        max_length=32,
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
        if user is None or not code:
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
    """The same sign-in for the administration site, which also requires ``is_staff``."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        **StaffSignInForm.error_messages,
        "invalid_login": _(
            "This username and password do not match an administrator account. Both are "
            "case-sensitive."
        ),
    }
