"""``manage.py audit_checkpoint``: sign the audit chain now and append the checkpoint."""

from typing import Any

from django.core.management.base import BaseCommand

from vigilance.audit.checkpoints import ChainNotVerified, audit_checkpoint_write


class Command(BaseCommand):
    help = "Verify the events since the last checkpoint, then append a signed checkpoint."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = audit_checkpoint_write()
        except ChainNotVerified as error:
            self.stderr.write(f"no checkpoint written: {error}")
            raise SystemExit(1) from error
        self.stdout.write(f"audit checkpoint written ({checkpoint.count} events, {checkpoint.at})")
