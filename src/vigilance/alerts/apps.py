from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "vigilance.alerts"
    default = True
