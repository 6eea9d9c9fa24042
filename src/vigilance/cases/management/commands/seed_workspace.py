"""``manage.py seed_workspace``: demonstration workspace activity on seed_demo's reports
(routing, cases, tasks, notes; see ``cases.demo``)."""

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vigilance.accounts.models import User
from vigilance.cases.demo import workspace_demo_create
from vigilance.cases.demo_indicators import indicators_demo_create
from vigilance.cases.models import Case
from vigilance.intake.models import Report
from vigilance.requisitions.demo import requisitions_demo_create
from vigilance.requisitions.demo_takedowns import seed_takedowns_and_abroad


class Command(BaseCommand):
    help = "Route demonstration reports and open cases with tasks and notes (run after seed_demo)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same work")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when cases already exist"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.EMBEDDED:
            raise CommandError("Demonstration data is for the embedded shape only.")
        if options["if_empty"] and Case.objects.exists():
            self.stdout.write("Cases already exist: no demonstration work added.")
            return
        if not Report.objects.exists():
            raise CommandError("No reports yet: run `manage.py seed_demo` first.")
        started = time.monotonic()
        done = workspace_demo_create(seed=options["seed"])
        seed_takedowns_and_abroad()
        checks = indicators_demo_create(
            analyst=User.objects.get(username="supervisor"), var_dir=settings.VAR_DIR
        )
        requisitions_demo_create(var_dir=settings.VAR_DIR)
        self.stdout.write(
            self.style.SUCCESS(
                f"{done.routed} reports routed, {done.cases} cases opened ({done.closed} closed), "
                f"{done.tasks} tasks, {len(checks)} values to try on the public check, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
