"""The golden hour benchmark: from a fraud report's triage to its freeze on the issuer's desk.

A mobile-money fraud report with a pasted MTN MoMo SMS is triaged (``triage_route``, committed);
the proposal runs in a real Celery worker fed through Redis; the clock stops when the freeze's
account shows on MTN Mobile Money's partner desk, fetched over HTTP from gunicorn with a
responder's session. Each run uses its own receiving wallet. PostgreSQL database
``vig_bench_freezes``, created afresh each run.

    python bench/freeze_latency.py [--runs 50] [--redis-url redis://127.0.0.1:6379/14] [--json PATH]
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import (
    BIN,
    REPO,
    Gunicorn,
    ServerConfig,
    fresh_database,
    migrate,
    server_environment,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_freezes"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
AIM_SECONDS = 1.0
GIVE_UP_SECONDS = 30.0
POLL_SECONDS = 0.01


def django_setup(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()


def people() -> tuple[Any, str]:
    """The triage officer, and the session cookie of an MTN Mobile Money responder."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vigilance.accounts import services
    from vigilance.accounts.models import Role, Unit

    def member(username: str, unit_code: str, role: str) -> Any:
        unit = Unit.objects.select_related("organisation").get(code=unit_code)
        user = services.user_create_staff(
            username=username,
            email=f"{username}@example.cm",
            password=secrets.token_urlsafe(24),  # nobody signs in with it: a session is made
            must_enrol_authenticator=False,
        ).user
        user.organisation, user.unit, user.roles = unit.organisation, unit, [role]
        user.save()
        return user

    officer = member("bench_triage", "coord-triage", Role.TRIAGE_OFFICER)
    responder = member("bench_momo", "mtn-momo-fraud", Role.PARTNER_RESPONDER)
    client = Client()
    client.force_login(responder)
    session = client.session
    device = TOTPDevice.objects.get(user=responder)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return officer, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def fraud_report(run: int) -> tuple[Any, str]:
    """A report of a 50,000 FCFA MoMo transfer an hour ago, to a wallet of its own."""
    import datetime as dt
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from vigilance.intake import services

    wallet = f"2376770{run:05d}"
    sent_at = timezone.localtime(timezone.now() - dt.timedelta(hours=1), ZoneInfo("Africa/Douala"))
    sms = (
        f"Vous avez transfere 50000 FCFA a JEAN MBALLA ({wallet}) le {sent_at:%Y-%m-%d %H:%M:%S}. "
        f"Frais 250 FCFA. Nouveau solde: 1200 FCFA. Financial Transaction Id: {7364500000 + run}."
    )
    draft = services.ReportDraft(
        category="mobile_money_fraud",
        description="Un faux agent m'a fait transférer 50 000 F sur son compte MoMo.",
        incident_date=dt.date.today(),
        region="LT",
        reporter=services.ReporterInput(name="Awa Mbarga", email="awa@example.cm"),
        identifiers=[],
        loss=services.LossInput(amount=Decimal(50_000), channel="mtn_momo", receipt=sms),
        language="fr",
        consent=True,
    )
    return services.report_submit(draft=draft, channel="web").report, f"+{wallet}"


def desk_shows(base_url: str, cookie: str, account: str) -> bool:
    request = urllib.request.Request(  # noqa: S310 — the loopback server started here
        f"{base_url}/en/staff/desk/", headers={"Cookie": cookie}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310  # nosec B310
        return account in answer.read().decode()


def one_run(run: int, officer: Any, base_url: str, cookie: str) -> tuple[float, float]:
    """Seconds from the triage call to the freeze on the desk, and of the triage call itself."""
    from vigilance.accounts.models import Unit
    from vigilance.cases.services import triage

    report, account = fraud_report(run)
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    started = time.perf_counter()
    triage.triage_route(report=report, unit=unit, actor=officer)
    triaged = time.perf_counter() - started
    while not desk_shows(base_url, cookie, account):
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise RuntimeError(f"run {run}: no freeze on the desk after {GIVE_UP_SECONDS} s")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started, triaged


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(options: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    environment = server_environment(
        database_url=options.database_url, var_dir=var_dir, redis_url=options.redis_url
    )
    fresh_database(options.database_url)
    migrate(environment)
    log = var_dir / "freeze_latency.log"
    worker = subprocess.Popen(  # a real worker on the Redis queue, as in production
        [str(BIN / "celery"), "-A", "vigilance", "worker", "--concurrency=2", "--loglevel=WARNING"],
        cwd=REPO,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        with Gunicorn(ServerConfig(workers=2, threads=2), environment, log) as server:
            server.wait_ready()
            django_setup(environment)
            officer, cookie = people()
            one_run(0, officer, server.base_url, cookie)  # warm-up: worker and pages ready
            totals, triages = [], []
            for run in range(1, options.runs + 1):
                total, triaged = one_run(run, officer, server.base_url, cookie)
                totals.append(total)
                triages.append(triaged)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {
        "runs": options.runs,
        "triage_to_desk_p50_ms": round(statistics.median(totals) * 1000, 1),
        "triage_to_desk_p95_ms": round(percentile(totals, 0.95) * 1000, 1),
        "triage_to_desk_max_ms": round(max(totals) * 1000, 1),
        "triage_call_p50_ms": round(statistics.median(triages) * 1000, 1),
        "aim_ms": AIM_SECONDS * 1000,
        "within_aim": percentile(totals, 0.95) < AIM_SECONDS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigilance-freezes-") as tmp:
        result = measure(options, Path(tmp))
    print(f"\nTriage of a fraud report to its freeze on the issuer's desk ({result['runs']} runs)")
    for name in ("triage_to_desk_p50_ms", "triage_to_desk_p95_ms", "triage_to_desk_max_ms"):
        print(f"  {name:<24} {result[name]:>8} ms")
    print(f"  {'triage_call_p50_ms':<24} {result['triage_call_p50_ms']:>8} ms")
    print(
        f"  aim: p95 under {AIM_SECONDS * 1000:.0f} ms: {'yes' if result['within_aim'] else 'no'}"
    )
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["within_aim"] else 1


if __name__ == "__main__":
    sys.exit(main())
