from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vigilance.audit"
    default = True
