from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vigilance.accounts"
