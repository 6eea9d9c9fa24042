"""``manage.py exchange_publish [--full]``: publish the confirmed indicators as STIX objects."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigilance.exchange.services.publish import publish_run


class Command(BaseCommand):
    help = (
        "Publish confirmed-fraud indicators as STIX 2.1 objects: what changed since the last "
        "run, or everything with --full (only changed objects get a new version)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Compare every indicator.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = publish_run(full=options["full"])
        self.stdout.write(
            f"{result.written} written, {result.unchanged} unchanged, {result.revoked} revoked, "
            f"{result.skipped} without a STIX form, {result.clusters} groupings."
        )
