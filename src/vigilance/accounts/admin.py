"""The administration site: staff accounts with their authenticators, and the reference data.

Reports and evidence are deliberately absent: administering the platform gives no access to what
victims wrote.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigilance.accounts.models import User
from vigilance.core.models import Department, OffenceCategory, Region


class AuthenticatorInline(admin.TabularInline):
    """Which authenticators an account has; their secrets are never shown here."""

    model = TOTPDevice
    fields = ("name", "confirmed", "last_used_at")
    readonly_fields = ("last_used_at",)
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # A new authenticator is added from its own page, which shows the QR code to scan.
        return False


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = (AuthenticatorInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ("code", "name_fr", "name_en")
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_en", "capital")
    inlines = (DepartmentInline,)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_en", "region")
    list_filter = ("region",)
    search_fields = ("name_fr", "name_en")


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_en", "group", "severity", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "name_fr", "name_en")
