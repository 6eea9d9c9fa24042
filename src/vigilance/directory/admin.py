"""Routing rules in the administration site, read-only: they are edited in the workspace, where
the default rule is protected and every change is audited (``directory.services``)."""

from django.contrib import admin
from django.http import HttpRequest

from vigilance.directory.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "position",
        "name_fr",
        "name_en",
        "action",
        "category",
        "region",
        "min_amount",
        "unit",
        "is_active",
    )
    list_filter = ("action", "is_active")
    search_fields = ("name_fr", "name_en")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
