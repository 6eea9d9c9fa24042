"""``manage.py statistics_rebuild``: recompute every month of the aggregates from the reports,
cases, freezes and look-up tallies (after a restore, or a change to how figures are counted)."""

from typing import Any

from django.core.management.base import BaseCommand

from vigilance.stats.services.refresh import statistics_rebuild


class Command(BaseCommand):
    help = "Recompute every month of the statistics' aggregates."

    def handle(self, *args: Any, **options: Any) -> None:
        months = statistics_rebuild()
        self.stdout.write(f"{len(months)} month(s) of statistics recomputed.")
