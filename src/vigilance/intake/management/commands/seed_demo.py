"""``manage.py seed_demo``: file synthetic but realistic reports (see ``intake.demo``)."""

import json
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vigilance.intake.demo import demo_reports_create
from vigilance.intake.models import Report

DEMO_REPORTS_FILE = "demo-reports.json"
SHOWN_REPORTS = 3


class Command(BaseCommand):
    help = "File synthetic demonstration reports (French and English, Cameroonian identifiers)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--reports", type=int, default=300, help="how many (default 300)")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same data")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when reports already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.EMBEDDED:
            # Confirmations would go out by SMS and e-mail to numbers that may belong to people.
            raise CommandError("Demonstration data is for the embedded shape only.")
        count: int = options["reports"]
        if not 0 < count <= 100_000:
            raise CommandError("--reports must be between 1 and 100000.")
        if options["if_empty"] and Report.objects.exists():
            self.stdout.write("Reports already exist: no demonstration data added.")
            return
        started = time.monotonic()
        created = demo_reports_create(count=count, seed=options["seed"])
        shown = [
            {"reference": item.report.reference, "tracking_code": item.tracking_code}
            for item in created[:SHOWN_REPORTS]
        ]
        path = settings.VAR_DIR / DEMO_REPORTS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(shown, indent=2))
        path.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(created)} demonstration reports filed in {time.monotonic() - started:.1f} s."
            )
        )
