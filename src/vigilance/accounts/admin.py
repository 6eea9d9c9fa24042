"""The administration site: staff accounts with their authenticators, organisations and units,
and the reference data. Every save and delete made here is written to the audit trail.

Reports and evidence are deliberately absent: administering the platform gives no access to what
victims wrote. Accounts are only looked at here: roles, units, passwords and authenticators are
changed in the workspace's administration, where a second administrator approves what opens case
content. No secret (password hash, authenticator key, backup code) is ever shown.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
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


class LookOnlyAdmin(admin.ModelAdmin):
    """Rows shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AuthenticatorInline(admin.TabularInline):
    """Which authenticators an account has; their secrets are never shown here."""

    model = TOTPDevice
    fields = ("name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # An authenticator is set up by its owner, at the sign-in that follows a reset.
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# django-otp's own admin pages show the authenticators' keys, their QR codes and the backup
# codes: they are replaced by pages that list the devices only.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
# Roles are the platform's permissions (``accounts.permissions``); Django's groups grant nothing.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(LookOnlyAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    fields = list_display
    list_filter = ("confirmed",)
    search_fields = ("user__username",)


@admin.register(StaticDevice)
class BackupCodesAdmin(LookOnlyAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    fields = list_display
    search_fields = ("user__username",)


@admin.register(User)
class StaffUserAdmin(AuditedAdmin, UserAdmin):
    """Names and language can be corrected here; everything that decides what a person may do
    or see, and how they sign in, is read-only (the workspace's administration changes it)."""

    inlines = (AuthenticatorInline,)
    list_display = ("username", "email", "organisation", "unit", "is_staff", "is_active")
    list_filter = ("is_active", "is_staff", "organisation")
    managed_in_workspace = (
        "email",
        "organisation",
        "unit",
        "roles",
        "is_active",
        "must_enrol_authenticator",
        "must_change_password",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "last_login",
        "date_joined",
    )
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Name and language"), {"fields": ("first_name", "last_name", "language")}),
        (_("Access, managed in the workspace"), {"fields": managed_in_workspace}),
    )
    readonly_fields = ("username", *managed_in_workspace)
    filter_horizontal = ()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Nobody sets another person's password here: an administrator resets it in the
        # workspace, and the person chooses a new one at their next sign-in.
        raise Http404

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Accounts are created in the workspace, where their roles go through approval.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Accounts are deactivated, never deleted: the audit trail and the cases name them.
        return False


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("code", "name_fr", "name_en", "parent", "is_active")
    # Where a unit sits decides which supervisors read its cases: it moves in the workspace,
    # which also rewrites the paths of the units inside it.
    readonly_fields = ("code", "parent")
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
    # Moved in the workspace only (see UnitInline).
    readonly_fields = ("code", "organisation", "parent", "path")
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
