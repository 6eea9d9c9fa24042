"""``manage.py import_indicators FILE.csv``: identifiers in bulk (see ``indicators.bulk_import``).

The summary goes to stdout; the invalid rows (line number and reason, the first ``--show-errors``
of them, then a count per reason) to stderr. The valid rows are imported whatever the invalid.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vigilance.indicators.bulk_import import (
    CHUNK_ROWS,
    IMPORT_STATUSES,
    ImportFileError,
    indicators_import,
)


class Command(BaseCommand):
    help = "Import identifiers (CSV: type,value[,provider]) as indicators."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--status", choices=[str(s) for s in IMPORT_STATUSES], default="unverified"
        )
        parser.add_argument("--reason", default="", help="kept in the history (confirmed fraud)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument("--jobs", type=int, default=0, help="normalising processes (CPUs)")
        parser.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS)
        parser.add_argument("--show-errors", type=int, default=20, help="invalid rows listed")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        started = time.monotonic()
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                result = indicators_import(
                    stream=stream,
                    status=options["status"],
                    reason=options["reason"],
                    dry_run=options["dry_run"],
                    jobs=options["jobs"] or None,
                    chunk_rows=options["chunk_rows"],
                    max_errors=options["show_errors"],
                    source=path.name,
                )
        except (OSError, UnicodeDecodeError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        for line, message in result.errors:
            self.stderr.write(_("line %(line)s: %(reason)s") % {"line": line, "reason": message})
        if result.invalid:
            self.stderr.write(
                _("%(count)s invalid rows, not imported:") % {"count": result.invalid}
            )
            for message, count in result.reasons.most_common():
                self.stderr.write(f"  {count:>9}  {message}")
        summary = _(
            "%(rows)s rows read in %(seconds).1f s: %(valid)s valid (%(distinct)s distinct "
            "values), %(invalid)s invalid. %(created)s indicators created, %(existing)s "
            "already known; %(changed)s confirmed, %(kept)s left as an analyst decided; "
            "%(listed)s on the warning list."
        ) % {
            "rows": result.rows,
            "seconds": time.monotonic() - started,
            "valid": result.valid,
            "distinct": result.distinct,
            "invalid": result.invalid,
            "created": result.created,
            "existing": result.existing,
            "changed": result.status_changed,
            "kept": result.status_kept,
            "listed": result.warning_listed,
        }
        if options["dry_run"]:
            summary += " " + _("Dry run: nothing was saved.")
        self.stdout.write(summary)
