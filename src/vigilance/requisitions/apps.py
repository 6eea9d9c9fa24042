from django.apps import AppConfig


class RequisitionsConfig(AppConfig):
    name = "vigilance.requisitions"
    default = True
