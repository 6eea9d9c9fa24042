"""Write indicators/data/carriers.json from the phonenumbers library's carrier table."""

import json
from typing import Any

import phonenumbers
from django.core.management.base import BaseCommand

from vigilance.indicators.carriers import COUNTRY_CODES, DATA_FILE, carriers_from_library


class Command(BaseCommand):
    help = "Refresh the operators of phone-number prefixes after upgrading phonenumbers."

    def handle(self, *args: Any, **options: Any) -> None:
        prefixes = carriers_from_library(COUNTRY_CODES)
        data = {
            "source": f"phonenumbers {phonenumbers.__version__} carrier data",
            "country_codes": list(COUNTRY_CODES),
            "longest_prefix": max(len(prefix) for prefix in prefixes),
            "prefixes": prefixes,
        }
        DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
        DATA_FILE.write_text(
            json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"{len(prefixes)} prefixes written to {DATA_FILE.name}")
