"""``manage.py verify_audit``: re-check the whole audit chain and its signed checkpoints.

Prints ``audit chain OK (<n> events)`` and exits 0 when intact; otherwise prints which event is
the first broken one and why, and exits 1 (CONTRACT.md).
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from vigilance.audit.checkpoints import checkpoint_last_valid, checkpoints_load
from vigilance.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and its signed checkpoints."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="Trust the events up to the last valid checkpoint; verify only those after it.",
        )
        parser.add_argument("--chunk-size", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints = checkpoints_load()
        start = checkpoint_last_valid(checkpoints) if options["since_checkpoint"] else None
        report = audit_chain_verify(
            chunk_size=max(options["chunk_size"], 100),
            checkpoints=checkpoints,
            start=start,
        )
        if not report.is_intact:
            self.stderr.write(report.summary())
            raise SystemExit(1)
        self.stdout.write(report.summary())
