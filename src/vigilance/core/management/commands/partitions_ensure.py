"""Create the monthly partitions of this month and the next ones (PostgreSQL only)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigilance.core.partitions import partitions_ensure
from vigilance.core.partitions.ensure import MONTHS_AHEAD


class Command(BaseCommand):
    help = (
        "Create the missing monthly partitions of the big append-only tables, this month and "
        "the next ones, moving into them any row the DEFAULT partition holds for those months. "
        "Safe to run at any time and twice at once; does nothing on SQLite."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months-ahead", type=int, default=MONTHS_AHEAD)
        parser.add_argument(
            "--split-default",
            action="store_true",
            help="Also give a partition to every past month found in DEFAULT (after an import).",
        )

    def handle(
        self,
        *args: Any,
        months_ahead: int = MONTHS_AHEAD,
        split_default: bool = False,
        **options: Any,
    ) -> None:
        created = partitions_ensure(months_ahead=months_ahead, split_default=split_default)
        for name in created:
            self.stdout.write(f"created {name}")
        self.stdout.write(f"{len(created)} partition(s) created")
