"""Demonstration data of the exchange: peer partners and their keys, the published objects,
and a partner's bundle that meets a demonstration report. Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each seeder is ``seed(stdout) -> None`` and does nothing it has already done.
SEEDERS = (
    "vigilance.exchange.demo_partners.seed",
    "vigilance.exchange.demo_publish.seed",
    "vigilance.exchange.demo_imports.seed",
)


class Command(BaseCommand):
    help = "Add the exchange's demonstration partners, published objects and imports."

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in SEEDERS:
            import_string(dotted)(self.stdout)
