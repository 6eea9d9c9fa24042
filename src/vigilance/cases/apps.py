from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "vigilance.cases"
    default = True
