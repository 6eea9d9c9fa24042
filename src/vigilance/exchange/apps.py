from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "vigilance.exchange"
    default = True
