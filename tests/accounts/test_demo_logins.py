"""``manage.py demo_logins``: demonstration staff accounts that a person can really sign in with."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from vigilance.accounts import services
from vigilance.accounts.models import User

pytestmark = pytest.mark.django_db

EXPECTED = {
    "admin": ("coord-supervision", ["administrator"]),
    "triage": ("coord-triage", ["triage_officer"]),
    "counter": ("coord-counter-yde", ["intake_officer"]),
    "investigator.centre": ("dgsn-cyber-ce", ["investigator"]),
    "investigator.littoral": ("dgsn-cyber-lt", ["investigator"]),
    "supervisor": ("dgsn-cyber", ["supervisor"]),
    "analyst.cirt": ("antic-cirt", ["cirt_analyst"]),
    "auditor": ("coord-supervision", ["auditor"]),
    "mtn": ("mtn-lawful", ["partner_responder"]),
    "orange": ("orange-lawful", ["partner_responder"]),
    "mtn.momo": ("mtn-momo-fraud", ["partner_responder"]),
    "orange.money": ("orange-money-fraud", ["partner_responder"]),
    "afriland": ("afriland-compliance", ["partner_responder"]),
}
USERNAMES = list(EXPECTED)


def run_demo_logins(**options: object) -> str:
    out = io.StringIO()
    call_command("demo_logins", stdout=out, **options)
    return out.getvalue()


def printed_codes(output: str, username: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(username + " "))
    codes_line = next(line for line in lines[start:] if "backup codes:" in line)
    return codes_line.split("backup codes:")[1].split()


def printed_password(output: str) -> str:
    match = re.search(r"Password of every demonstration account: (\S+)", output)
    assert match
    return match.group(1)


def test_creates_the_accounts_with_authenticator_and_five_backup_codes(var_dir: Path) -> None:
    output = run_demo_logins(port=8765)
    assert "http://127.0.0.1:8765/" in output
    for username in USERNAMES:
        user = User.objects.get(username=username)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
        assert not user.must_enrol_authenticator
        assert (user.unit.code, user.roles) == EXPECTED[username]  # type: ignore[union-attr]
        assert user.organisation == user.unit.organisation  # type: ignore[union-attr]
        assert StaticDevice.objects.get(user=user).token_set.count() == 5
        assert username in output
        assert f"otpauth://totp/Vigilance%3A{username}?secret=" in output
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="triage").is_staff


def test_the_password_comes_from_the_secrets_file(var_dir: Path) -> None:
    password = printed_password(run_demo_logins())
    secrets = json.loads((var_dir / "secrets.json").read_text())
    assert secrets["DEMO_STAFF_PASSWORD"].startswith(password)
    assert User.objects.get(username="triage").check_password(password)


def test_a_printed_backup_code_signs_in_once(var_dir: Path, client: Client) -> None:
    output = run_demo_logins()
    password, code = printed_password(output), printed_codes(output, "triage")[0]
    form = {"username": "triage", "password": password, "otp_token": code}
    assert client.post("/en/staff/sign-in/", form).status_code == 302
    assert client.get("/en/staff/").status_code == 200
    client.post("/en/staff/sign-out/")
    again = client.post("/en/staff/sign-in/", form)
    assert again.status_code == 200
    assert client.get("/en/staff/").status_code == 302


def test_running_twice_keeps_the_authenticator_and_renews_backup_codes(var_dir: Path) -> None:
    first = run_demo_logins()
    second = run_demo_logins()
    assert User.objects.filter(username__in=USERNAMES).count() == len(USERNAMES)
    assert TOTPDevice.objects.filter(user__username="admin").count() == 1
    assert printed_codes(first, "admin") != printed_codes(second, "admin")
    secret = re.compile(r"^\s+admin\s.*?([A-Z2-7]{32})$", re.MULTILINE)
    assert secret.findall(first) == secret.findall(second)


def test_an_existing_account_gets_its_unit_roles_and_authenticator(var_dir: Path) -> None:
    services.user_create_staff(
        username="supervisor", email="s@example.cm", password="another long password 77"
    )
    output = run_demo_logins()
    user = User.objects.get(username="supervisor")
    assert (user.unit.code, user.roles) == EXPECTED["supervisor"]  # type: ignore[union-attr]
    assert not user.must_enrol_authenticator
    assert TOTPDevice.objects.get(user=user).confirmed
    assert user.check_password(printed_password(output))


def test_lists_the_demonstration_reports_to_follow(var_dir: Path) -> None:
    var_dir.mkdir(parents=True)
    (var_dir / "demo-reports.json").write_text(
        json.dumps([{"reference": "VIG-2026-000001", "tracking_code": "ABCD-EFGH-JKMN-PQRS"}])
    )
    output = run_demo_logins(port=8000)
    assert "http://127.0.0.1:8000/en/follow/" in output
    assert "VIG-2026-000001" in output
    assert "ABCD-EFGH-JKMN-PQRS" in output


def test_refused_in_the_production_shape(var_dir: Path, settings: Settings) -> None:
    settings.EMBEDDED = False
    with pytest.raises(CommandError):
        run_demo_logins()
    assert not User.objects.exists()
