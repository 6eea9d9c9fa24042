"""The administration site: staff accounts with their authenticators, organisations and units,
and the reference data. Every save and delete made here is written to the audit trail.

Reports and evidence are deliberately absent: administering the platform gives no access to what
victims wrote.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.services import audit_record
from vigilance.core.models import Department, OffenceCategory, Region


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the administration site leave an audit event, in the same
    transaction as the change (the admin's views are atomic)."""

    def _audit(self, request: HttpRequest, obj: Model, verb: str, fields: list[str]) -> None:
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{verb}_in_admin",
            object_type=str(obj._meta.model_name),
            object_id=obj.pk,
            details={"fields": sorted(fields), "via": "admin"},
        )

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "changed" if change else "created", list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        object_id = obj.pk
        super().delete_model(request, obj)
        obj.pk = object_id
        self._audit(request, obj, "deleted", [])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


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
class StaffUserAdmin(AuditedAdmin, UserAdmin):
    inlines = (AuthenticatorInline,)
    list_display = ("username", "email", "organisation", "unit", "is_staff", "is_active")
    list_filter = ("is_active", "is_staff", "organisation")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Vigilance",
            {"fields": ("organisation", "unit", "roles", "language", "must_enrol_authenticator")},
        ),
    )


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("code", "name_fr", "name_en", "parent", "is_active")
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a unit is added from its own page (regions, parent)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_en", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name_fr", "name_en")
    inlines = (UnitInline,)


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "organisation", "path", "is_active")
    list_filter = ("organisation", "is_active")
    search_fields = ("code", "name_fr", "name_en")
    readonly_fields = ("path",)
    filter_horizontal = ("regions",)


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ("code", "name_fr", "name_en")
    extra = 0


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_en", "capital")
    inlines = (DepartmentInline,)


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_en", "region")
    list_filter = ("region",)
    search_fields = ("name_fr", "name_en")


@admin.register(OffenceCategory)
class OffenceCategoryAdmin(AuditedAdmin):
    list_display = ("code", "name_fr", "name_en", "group", "severity", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "name_fr", "name_en")
