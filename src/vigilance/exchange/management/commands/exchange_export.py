"""``manage.py exchange_export --tlp green [--out file]``: one STIX 2.1 bundle of the latest
published objects at or under a marking, streamed to a file or standard output."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigilance.core.errors import InvalidAction
from vigilance.exchange.services.export import export_start


class Command(BaseCommand):
    help = "Write the published STIX objects up to a TLP (never RED) as one bundle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tlp", required=True, help="clear, green or amber")
        parser.add_argument("--out", help="The file to write (standard output if absent).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pieces = export_start(actor=None, tlp=options["tlp"], via="command:exchange_export")
        except InvalidAction as error:
            raise CommandError(str(error.message)) from error
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as out:
                for piece in pieces:
                    out.write(piece)
        else:
            for piece in pieces:
                self.stdout.write(piece, ending="")
            self.stdout.write("")
