"""``manage.py verify_audit``: re-check the whole audit chain, its seals and signed checkpoints.

Prints ``audit chain OK (<n> events)`` and exits 0 when intact; otherwise prints which event is
the first broken one and why, and exits 1. Nothing read from the database is
trusted: seals and checkpoints are checked with the audit keys, which it does not hold.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from vigilance.audit.checkpoints import checkpoint_last_valid, checkpoints_load
from vigilance.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain, its seals and its signed checkpoints."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            metavar="PATH",
            help="Check against this copy of the checkpoint file (the one kept off the host) "
            "instead of AUDIT_CHECKPOINT_PATH; it must exist and hold checkpoints.",
        )
        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="Trust the events up to the last valid checkpoint; verify only those after it.",
        )
        parser.add_argument("--chunk-size", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        given: Path | None = options["checkpoints"]
        path = given or Path(settings.AUDIT_CHECKPOINT_PATH)
        if given is not None and not given.is_file():
            self.stderr.write(f"audit chain NOT VERIFIED: cannot read the checkpoint file {given}")
            raise SystemExit(1)
        checkpoints = checkpoints_load(path)
        start = checkpoint_last_valid(checkpoints) if options["since_checkpoint"] else None
        report = audit_chain_verify(
            chunk_size=max(options["chunk_size"], 100),
            checkpoints=checkpoints,
            start=start,
        )
        if not report.is_intact:
            self.stderr.write(report.summary())
            raise SystemExit(1)
        if not checkpoints and report.count:
            message = f"no signed checkpoint in {path}: a cut tail would go unnoticed"
            if given is not None:
                self.stderr.write(f"audit chain NOT VERIFIED: {message}")
                raise SystemExit(1)
            self.stderr.write(f"warning: {message}")
        self.stdout.write(report.summary())
