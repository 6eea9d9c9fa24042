"""``manage.py annual_report --year 2025 [--output path]``: the signed bilingual annual report.

Writes the PDF (by default ``vigilance-annual-report-<year>.pdf`` in the current folder), keeps
a copy as the ministry's page does, and prints its SHA-256.
"""

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from vigilance.core.errors import InvalidAction
from vigilance.stats.annual_report.services import annual_report_issue


class Command(BaseCommand):
    help = "Write the signed bilingual annual report (état des lieux) of a year as a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year reported on.")
        parser.add_argument("--output", type=Path, help="Where to write the PDF.")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        output = Path(options["output"] or f"vigilance-annual-report-{year}.pdf")
        with translation.override("en"):
            try:
                pdf = annual_report_issue(actor=None, year=year)
            except InvalidAction as error:
                raise CommandError(error.message) from error
        output.write_bytes(pdf)
        digest = hashlib.sha256(pdf).hexdigest()
        self.stdout.write(f"Annual report {year} written to {output} (SHA-256 {digest}).")
