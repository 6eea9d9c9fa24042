"""``manage.py demo_logins``: the demonstration staff accounts of the embedded shape, and how to sign in.

Creates the accounts if missing (each in its real unit, with its roles, its authenticator
already confirmed), gives each 5 fresh backup codes on every run, and prints what a
person needs to try the platform: the address, logins, password, authenticator secrets and codes,
a few demonstration reports to follow, and the exchange's demonstration keys with the TAXII
discovery address.
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
from django.utils import timezone, translation

from vigilance.accounts import services
from vigilance.accounts.api_keys import KEY_PREFIX, secret_hash
from vigilance.accounts.models import ApiKey, Role, Unit, User
from vigilance.core.secrets import embedded_secret

PASSWORD_SECRET = "DEMO_STAFF_PASSWORD"  # a name, not a value  # noqa: S105  # nosec B105
DEMO_REPORTS_FILE = "demo-reports.json"
DEMO_CHECKS_FILE = "demo-checks.json"
# Written by the exchange's demonstration seed: prefixes and names of embedded secrets.
DEMO_EXCHANGE_FILE = "demo-exchange.json"
TAXII_ROOT = "/taxii2/"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    unit: str
    roles: tuple[str, ...]
    first_name: str
    last_name: str
    is_admin: bool = False

    @property
    def description(self) -> str:
        with translation.override("en"):
            labels = ", ".join(str(Role(role).label) for role in self.roles)
        return f"{labels} ({self.unit})"


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin", "coord-supervision", (Role.ADMINISTRATOR,), "Paul", "Essomba", is_admin=True
    ),
    DemoAccount("triage", "coord-triage", (Role.TRIAGE_OFFICER,), "Mireille", "Atangana"),
    DemoAccount("counter", "coord-counter-yde", (Role.INTAKE_OFFICER,), "Estelle", "Ngo Bassa"),
    DemoAccount("investigator.centre", "dgsn-cyber-ce", (Role.INVESTIGATOR,), "Hamadou", "Bello"),
    DemoAccount("investigator.littoral", "dgsn-cyber-lt", (Role.INVESTIGATOR,), "Eric", "Ekwalla"),
    DemoAccount("supervisor", "dgsn-cyber", (Role.SUPERVISOR,), "Jeanne", "Mbarga"),
    DemoAccount("analyst.cirt", "antic-cirt", (Role.CIRT_ANALYST,), "Divine", "Ayuk"),
    DemoAccount("auditor", "coord-supervision", (Role.AUDITOR,), "Samuel", "Fouda"),
    DemoAccount("mtn", "mtn-lawful", (Role.PARTNER_RESPONDER,), "Aïcha", "Moussa"),
    # Partner responders of requisitions and freezes: ``requisitions.demo`` seeds their desks.
    DemoAccount("orange", "orange-lawful", (Role.PARTNER_RESPONDER,), "Carine", "Tchuente"),
    DemoAccount("mtn.momo", "mtn-momo-fraud", (Role.PARTNER_RESPONDER,), "Ibrahim", "Oumarou"),
    DemoAccount(
        "orange.money", "orange-money-fraud", (Role.PARTNER_RESPONDER,), "Sandrine", "Njoya"
    ),
    DemoAccount("afriland", "afriland-compliance", (Role.PARTNER_RESPONDER,), "Martin", "Kamga"),
    DemoAccount("magistrate", "prosecution-yaounde", (Role.MAGISTRATE,), "Henri", "Nkoulou"),
    DemoAccount("editor", "antic-communication", (Role.EDITOR,), "Nadège", "Eyenga"),
    DemoAccount("editor.review", "antic-communication", (Role.EDITOR,), "Yannick", "Tabi"),
    DemoAccount("statistician", "minpostel-stats", (Role.STATISTICIAN,), "Clarisse", "Ndongo"),
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
            must_enrol_authenticator=False,
        ).user
    else:
        services.user_set_password(user=user, password=password)
    # Another command may have made the account: it gets its unit and roles here in any case.
    unit = Unit.objects.select_related("organisation").get(code=account.unit)
    user.organisation, user.unit = unit.organisation, unit
    user.roles = [str(role) for role in account.roles]
    user.first_name, user.last_name = account.first_name, account.last_name
    user.is_staff = user.is_superuser = account.is_admin
    user.is_active = True
    user.save()
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
        write(f"  {'login':<22}{'role (unit)':<44}{'authenticator secret (base32)'}")
        for login in logins:
            write(f"  {login.account.username:<22}{login.account.description:<44}{login.secret}")
            write(f"  {'':<22}otpauth URI: {login.otpauth_uri}")
            write(f"  {'':<22}backup codes: {'  '.join(login.backup_codes)}")
        reports = _demo_reports()
        if reports:
            write("")
            write(f"  Demonstration reports to follow at {base}{follow}")
            for report in reports:
                write(f"    {report['reference']:<20}tracking code {report['tracking_code']}")
        checks = _demo_file(DEMO_CHECKS_FILE)
        if checks:
            with translation.override("en"):
                check = reverse("indicators:check")
            write("")
            write(f"  Values to try on the public check at {base}{check}")
            for item in checks:
                write(f"    {item['type']:<14}{item['value']:<30}{item['answer']}")
        exchange = _demo_exchange_keys()
        if exchange:
            discovery = f"{base}{TAXII_ROOT}"
            write("")
            write(
                f"  Exchange (TAXII 2.1) discovery at {discovery}   demonstration partners' keys:"
            )
            for organisation, key in exchange:
                write(f"    {organisation:<32}{key}")
            write(
                f'  curl -H "Authorization: Bearer {exchange[0][1]}" '
                f'-H "Accept: application/taxii+json;version=2.1" {discovery}'
            )
        write("")


def _demo_reports() -> list[dict[str, str]]:
    """The reports seed_demo kept for people to try the follow-up page (none if never run)."""
    return _demo_file(DEMO_REPORTS_FILE)


def _demo_file(name: str) -> list[dict[str, str]]:
    """A list of demonstration values kept in var/ by the seeding commands (none if never run)."""
    path = settings.VAR_DIR / name
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [item for item in loaded if isinstance(item, dict)] if isinstance(loaded, list) else []


def _demo_exchange_keys() -> list[tuple[str, str]]:
    """(organisation, whole key) of the exchange's demonstration partners whose key still
    works: rebuilt from the embedded secrets, checked against the stored hash."""
    keys = []
    for item in _demo_file(DEMO_EXCHANGE_FILE):
        prefix, name = str(item.get("prefix", "")), str(item.get("secret", ""))
        if not prefix or not name.startswith("DEMO_EXCHANGE_"):
            continue
        secret = embedded_secret(settings.VAR_DIR, name)
        live = ApiKey.objects.filter(
            prefix=prefix,
            secret_hash=secret_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
        if live:
            keys.append((str(item.get("organisation", "")), f"{KEY_PREFIX}_{prefix}_{secret}"))
    return keys
