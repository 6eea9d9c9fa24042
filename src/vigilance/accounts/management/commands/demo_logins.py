"""``manage.py demo_logins``: the demonstration staff accounts of the embedded shape, and how to sign in.

Creates the accounts if missing, gives each 5 fresh backup codes on every run, and prints what a
person needs to try the platform: the address, logins, password, authenticator secrets and codes,
and a few demonstration reports to follow.
"""

import json
from argparse import ArgumentParser
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from vigilance.accounts import services
from vigilance.accounts.models import User
from vigilance.core.secrets import embedded_secret

PASSWORD_SECRET = "DEMO_STAFF_PASSWORD"  # a name, not a value  # noqa: S105  # nosec B105
DEMO_REPORTS_FILE = "demo-reports.json"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    is_admin: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", "administrator", "Paul", "Essomba", is_admin=True),
    DemoAccount("triage", "triage officer, coordination centre", "Mireille", "Atangana"),
    DemoAccount("investigator.centre", "investigator, Centre region", "Hamadou", "Bello"),
    DemoAccount("analyst.cirt", "CIRT analyst", "Divine", "Ayuk"),
)


@dataclass(frozen=True)
class DemoLogin:
    account: DemoAccount
    secret: str
    otpauth_uri: str
    backup_codes: list[str]


def demo_password(var_dir: Any) -> str:
    """One password for every demonstration account, generated once and kept in var/secrets.json."""
    return embedded_secret(var_dir, PASSWORD_SECRET)[:20]


@transaction.atomic
def _ensure(account: DemoAccount, password: str) -> DemoLogin:
    user = User.objects.filter(username=account.username).first()
    if user is None:
        user = services.user_create_staff(
            username=account.username,
            email=f"{account.username}@vigilance.example",
            password=password,
            first_name=account.first_name,
            last_name=account.last_name,
            is_staff=account.is_admin,
            is_superuser=account.is_admin,
        ).user
    else:
        services.user_set_password(user=user, password=password)
    authenticator = services.user_authenticator_ensure(user=user)
    return DemoLogin(
        account=account,
        secret=b32encode(authenticator.device.bin_key).decode(),
        otpauth_uri=authenticator.otpauth_uri,
        backup_codes=services.user_backup_codes_reset(user=user),
    )


class Command(BaseCommand):
    help = "Create the demonstration staff accounts (embedded shape only) and print how to sign in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="port the platform is served on, shown in the addresses (make run passes PORT)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.EMBEDDED:
            raise CommandError("Demonstration accounts exist only in the embedded shape.")
        port = options["port"]
        base = f"http://127.0.0.1:{port}"
        password = demo_password(settings.VAR_DIR)
        logins = [_ensure(account, password) for account in DEMO_ACCOUNTS]
        with translation.override("en"):
            sign_in, follow = reverse("accounts:sign_in"), reverse("intake:follow")
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Vigilance is served at {base}/"))
        write(f"  Staff sign-in:   {base}{sign_in}   (administration: {base}/admin/)")
        write(f"  Password of every demonstration account: {password}")
        write(
            "  Sign in with the password AND a one-time code: add the secret (or the otpauth URI)"
        )
        write(
            "  to an authenticator app, or use a backup code (each works once; new ones every run)."
        )
        write("")
        write(f"  {'login':<22}{'role':<40}{'authenticator secret (base32)'}")
        for login in logins:
            write(f"  {login.account.username:<22}{login.account.role:<40}{login.secret}")
            write(f"  {'':<22}otpauth URI: {login.otpauth_uri}")
            write(f"  {'':<22}backup codes: {'  '.join(login.backup_codes)}")
        reports = _demo_reports()
        if reports:
            write("")
            write(f"  Demonstration reports to follow at {base}{follow}")
            for report in reports:
                write(f"    {report['reference']:<20}tracking code {report['tracking_code']}")
        write("")


def _demo_reports() -> list[dict[str, str]]:
    """The reports seed_demo kept for people to try the follow-up page (none if never run)."""
    path = settings.VAR_DIR / DEMO_REPORTS_FILE
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [item for item in loaded if isinstance(item, dict)] if isinstance(loaded, list) else []
