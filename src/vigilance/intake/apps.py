from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "vigilance.intake"
