"""Re-encrypt every evidence file still under an old key with the current one (EVIDENCE_KEYS[0])."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigilance.evidence import selectors, services
from vigilance.evidence.rotation import rotation_registered


class Command(BaseCommand):
    help = (
        "Re-encrypt the evidence files (and the other secrets kept under the same keys, such as "
        "webhook secrets) whose key is not the first of EVIDENCE_KEYS. Keep the old "
        "keys in EVIDENCE_KEYS until this reports nothing left; running it again is safe and "
        "resumes where an interrupted run stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Files read from the database at a time."
        )

    def handle(self, *args: Any, batch_size: int = 200, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        pending = selectors.evidence_under_old_keys()
        counts = dict.fromkeys(services.Rotation, 0)
        # Each file commits on its own, so an interrupted run keeps what it did.
        for batch in selectors.evidence_in_batches(pending, batch_size=batch_size):
            for evidence in batch:
                outcome = services.evidence_reencrypt(
                    evidence=evidence, actor_label="rotate_evidence_keys"
                )
                counts[outcome] += 1
                if outcome is services.Rotation.INTEGRITY_FAILED:
                    self.stderr.write(f"evidence {evidence.public_id} failed its integrity check")
        self.stdout.write(
            f"re-encrypted {counts[services.Rotation.REENCRYPTED]} evidence files "
            f"({counts[services.Rotation.INTEGRITY_FAILED]} failed their integrity check)"
        )
        # The other secrets under these keys (webhook secrets...), in the same run.
        for what, reencrypt in rotation_registered().items():
            self.stdout.write(f"re-encrypted {reencrypt('rotate_evidence_keys')} {what}")
        if counts[services.Rotation.INTEGRITY_FAILED]:
            raise CommandError("Some evidence files failed their integrity check; see above.")
