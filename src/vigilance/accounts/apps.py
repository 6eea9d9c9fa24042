"""Configuration of the accounts app, and of the Django admin it puts behind a one-time code."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "vigilance.accounts"
    default = True


class StaffAdminConfig(admin_apps.AdminConfig):
    """The Django admin, served by a site that asks for a password and a one-time code."""

    default = False
    default_site = "vigilance.accounts.sites.StaffAdminSite"
