from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vigilance.core"
    verbose_name = "Core"
