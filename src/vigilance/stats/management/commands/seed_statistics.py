"""``manage.py seed_statistics``: three years of demonstration history for the dashboards and open data.

Each seeder adds only what is missing, so running the command twice changes nothing.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from vigilance.stats.services.refresh import statistics_refresh

# Functions ``seed() -> str`` (one line saying what was added), run in this order.
SEEDERS: tuple[str, ...] = ("vigilance.stats.demo_history.seed",)


class Command(BaseCommand):
    help = "Add three years of demonstration history for the dashboards and open data."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.EMBEDDED:
            raise CommandError("Demonstration data is for the embedded shape only.")
        for dotted in SEEDERS:
            self.stdout.write(import_string(dotted)())
        # Last, so that the dashboards count what every seeder (and the workspace) added.
        months = statistics_refresh()
        self.stdout.write(f"Statistics: {len(months)} month(s) recomputed.")
