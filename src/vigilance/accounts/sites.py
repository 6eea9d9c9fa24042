"""The administration site: django-otp's admin site with the platform's own sign-in form."""

from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from vigilance.accounts.forms import AdminSignInForm


class StaffAdminSite(OTPAdminSite):
    """Only a staff member signed in with a password AND a one-time code gets in."""

    login_form = AdminSignInForm
    login_template = "accounts/admin_login.html"
    site_header = _("Vigilance administration")
    site_title = _("Vigilance administration")
    index_title = _("Accounts and reference data")

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)
