"""Create the development signing certificate of the platform (never used in production)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigilance.core.signing import create_development_certificate


class Command(BaseCommand):
    help = (
        "Generate a development certification authority and a signing certificate, saved as "
        "PKCS#12 at SIGNING_CERTIFICATE. Production uses a certificate of the national PKI."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an existing certificate; allow running in the production shape.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.EMBEDDED and not force:
            raise CommandError(
                "In the production shape the signing certificate comes from the national PKI; "
                "use --force to create a development one anyway."
            )
        path = Path(settings.SIGNING_CERTIFICATE)
        if path.exists() and not force:
            self.stdout.write(f"The signing certificate already exists: {path}")
            return
        create_development_certificate(
            path=path, passphrase=settings.SIGNING_CERTIFICATE_PASSPHRASE
        )
        self.stdout.write(self.style.SUCCESS(f"Created the development signing certificate {path}"))
