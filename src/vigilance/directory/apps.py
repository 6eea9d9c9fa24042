from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "vigilance.directory"
    default = True
