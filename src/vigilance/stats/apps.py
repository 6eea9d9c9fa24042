from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "vigilance.stats"
    default = True
