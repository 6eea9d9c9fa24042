"""Sending one alert to 100,000 SMS subscribers through a real Celery worker, killed half-way.

PostgreSQL database ``vig_bench_alerts`` (made afresh), 100,000 confirmed SMS subscribers
written by one INSERT ... SELECT, a published public alert, and the SMS gateway an HTTP server
in this process that counts every message per number. A Celery worker on Redis sends; when half
the messages have arrived it is killed (SIGKILL, the whole process group), another is started,
and this process plays beat: it runs ``alert_deliveries_resume`` every second. The figures: total
time against the time the rate allows, duplicates (must be 0), missing numbers and the deliveries
counted failed (the at-most-once cost of the kill, decision 0018).

    python bench/alert_delivery.py [--subscribers 100000] [--rate 500] [--json PATH]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.server import BIN, REPO, fresh_database, migrate, server_environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_alerts"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
GATEWAY_TOKEN = "bench-gateway"  # noqa: S105 - a loopback gateway of this run


class Gateway:
    """Counts the messages posted to it, per number, with the time of each."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.times: list[float] = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.received[body["to"]] += 1
                    gateway.times.append(time.monotonic())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self) -> int:
        with self.lock:
            return len(self.times)


def load_subscribers(database_url: str, count: int) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            """
            INSERT INTO alerts_subscriber (public_id, channel, address, language, pending_choices,
                confirmation_hash, confirmation_attempts, confirmed_at, created_at)
            SELECT gen_random_uuid(), 'sms', '+2376' || lpad(i::text, 8, '0'), 'fr', '{}', '', 0,
                now(), now()
            FROM generate_series(1, %s) AS i
            """,
            (count,),
        )


def start_worker(environment: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "celery"), "-A", "vigilance", "worker", "--concurrency=2", "--loglevel=WARNING"],
        cwd=REPO,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes the pool with it
    )


def measure(options: argparse.Namespace, var_dir: Path) -> dict[str, Any]:
    gateway = Gateway()
    environment = server_environment(
        database_url=options.database_url, var_dir=var_dir, redis_url=options.redis_url
    )
    environment.update(
        {
            "SMS_BACKEND": "vigilance.core.sms.HttpSMSBackend",
            "SMS_GATEWAY_URL": gateway.url,
            "SMS_GATEWAY_TOKEN": GATEWAY_TOKEN,
            "ALERT_SMS_PER_SECOND": str(options.rate),
            "ALERT_DELIVERY_BATCH_SIZE": str(options.batch),
            "ALERT_DELIVERY_CLAIM_TIMEOUT_SECONDS": "10",
            "ALERT_DELIVERY_STALL_SECONDS": "5",
        }
    )
    fresh_database(options.database_url)
    migrate(environment)
    subprocess.run(
        ["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=False, capture_output=True
    )
    load_subscribers(options.database_url, options.subscribers)
    os.environ.update(environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from django.utils import timezone

    from vigilance.accounts.models import User
    from vigilance.alerts import tasks
    from vigilance.alerts.models import Alert
    from vigilance.alerts.selectors.subscriptions import alert_delivery_counts
    from vigilance.celery import app  # noqa: F401 - the tasks go to Redis through it

    alert = Alert.objects.create(
        reference="ALR-2026-000001",
        slug_fr="faux-agents",
        slug_en="fake-agents",
        title_fr="De faux agents MTN demandent votre code secret",
        title_en="Fake MTN agents ask for your PIN",
        summary_fr="Ne donnez jamais votre code.",
        summary_en="Never give your code.",
        body_fr="-",
        body_en="-",
        status="published",
        audience="public",
        published_at=timezone.now(),
        # A published alert names who approved it (a database check).
        approved_by=User.objects.get_or_create(username="bench-approver")[0],
    )
    log = var_dir / "alert_delivery.log"
    worker = start_worker(environment, log)
    started = time.monotonic()
    tasks.alert_send.delay(alert.pk)
    half = options.subscribers // 2
    while gateway.count() < half:
        if time.monotonic() - started > options.give_up:
            raise RuntimeError(f"only {gateway.count()} messages after {options.give_up} s")
        time.sleep(0.05)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = time.monotonic() - started
    worker = start_worker(environment, log)
    try:
        while True:
            tasks.alert_deliveries_resume()  # what beat does every minute
            counts = alert_delivery_counts(alert)
            if counts["queued"] == 0 and counts["total"] == options.subscribers:
                break
            if time.monotonic() - started > options.give_up:
                raise RuntimeError(f"not finished after {options.give_up} s: {counts}")
            time.sleep(1.0)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    from vigilance.alerts.models_subscriptions import AlertDelivery

    failed_numbers = set(
        AlertDelivery.objects.filter(alert=alert, state="failed").values_list(
            "subscriber__address", flat=True
        )
    )
    every_number = {f"+2376{i:08d}" for i in range(1, options.subscribers + 1)}
    missing_numbers = every_number - set(gateway.received)
    total = gateway.times[-1] - started if gateway.times else 0.0
    duplicates = sum(count - 1 for count in gateway.received.values() if count > 1)
    missing = len(missing_numbers)
    allowed = options.subscribers / options.rate
    return {
        "subscribers": options.subscribers,
        "rate_per_second": options.rate,
        "batch_size": options.batch,
        "seconds_total": round(total, 1),
        "seconds_the_rate_allows": round(allowed, 1),
        "messages_per_second": round(gateway.count() / total, 1) if total else 0.0,
        "seconds_to_first_message": round(gateway.times[0] - started, 1) if gateway.times else None,
        "killed_after_seconds": round(killed_at, 1),
        "seconds_after_the_kill": round(total - killed_at, 1),
        # The gateway's pace while a worker was up (from its first message to the kill).
        "messages_per_second_before_kill": round(
            half / (killed_at - (gateway.times[0] - started)), 1
        )
        if gateway.times and killed_at > gateway.times[0] - started
        else None,
        "duplicates": duplicates,
        "missing": missing,
        "failed_at_kill": counts["failed"],
        "no_duplicate": duplicates == 0,
        # At most once: every number that got nothing is one the kill left in doubt (failed).
        "missing_only_the_failed": missing_numbers <= failed_numbers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=500.0, help="gateway messages per second")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--give-up", type=float, default=1800.0, help="seconds")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigilance-alerts-") as tmp:
        result = measure(options, Path(tmp))
    print(f"\nOne alert to {result['subscribers']:,} SMS subscribers, worker killed half-way")
    for name, value in result.items():
        print(f"  {name:<26} {value}")
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["no_duplicate"] and result["missing_only_the_failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
