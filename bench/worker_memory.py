"""A web worker's memory. First the RSS of a fresh process once Django is set up, then once the
URL conf and the WSGI app are loaded (what a gunicorn worker holds before its first request);
then gunicorn (2 workers x 4 threads, as ``make run``) on a fresh PostgreSQL database with Redis
for the queue and the limits, and each worker's RSS, PSS and USS when started and after rounds
of mixed requests: the public pages in French and English, the public check, look-ups and
normalisations through the API, and one report filed through the API per round. The queued
jobs are not run (no Celery worker): their cost is the Celery worker's, not the web's.

Aim: every web worker under 150 MB of RSS.

    python bench/worker_memory.py [--rounds 30] [--database-url URL] [--redis-url URL] [--json PATH]
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import (
    BIN,
    REPO,
    Gunicorn,
    ServerConfig,
    fresh_database,
    migrate,
    process_memory,
    server_environment,
)
from bench.workload import mobile_number, report_payload

AIM_WORKER_MIB = 150
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench_memory"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"

# Printed by a fresh process: VmRSS in kB after django.setup(), then after the URL conf and WSGI.
STARTUP = """
import django
from pathlib import Path

def rss_kib():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmRSS"))
    return int(line.split()[1])

django.setup()
after_setup = rss_kib()
from django.urls import get_resolver
get_resolver().url_patterns
import vigilance.wsgi
print(after_setup, rss_kib())
"""

PAGES = (
    "/fr/",
    "/en/",
    "/fr/advice/",
    "/en/helpline/",
    "/fr/alerts/",
    "/fr/statistics/",
    "/fr/report/",
    "/en/follow/",
    "/fr/check/",
    "/api/v1/identifiers/types",
)


def startup_rss(environment: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [str(BIN / "python"), "-c", STARTUP],
        cwd=REPO,
        env={**environment, "DJANGO_SETTINGS_MODULE": "vigilance.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    after_setup, after_urls = (int(kib) for kib in done.stdout.split())
    return {
        "after_setup_mib": round(after_setup / 1024, 1),
        "after_urls_mib": round(after_urls / 1024, 1),
    }


def round_requests(rng: random.Random) -> list[tuple[str, str, bytes | None]]:
    """One round: every page, five look-ups or normalisations, one report filed."""
    phone = "+237" + mobile_number(rng).replace(" ", "")
    site = f"https://colis-{rng.randrange(10**6)}.example.cm/suivi"
    lookups = (
        f"/api/v1/lookup?type=phone&value={quote(phone)}",
        f"/api/v1/lookup?type=url&value={quote(site)}",
        f"/api/v1/lookup?type=email&value={quote('agent@bit.ly')}",
        f"/api/v1/identifiers/normalise?type=url&value={quote(site)}",
        f"/fr/check/?type=phone&value={quote(phone)}",
    )
    report = json.dumps(report_payload(rng)).encode()
    return [
        *(("GET", path, None) for path in (*PAGES, *lookups)),
        ("POST", "/api/v1/reports", report),
    ]


def send(base_url: str, request: tuple[str, str, bytes | None]) -> int:
    method, path, body = request
    headers = {"Content-Type": "application/json", "X-Real-IP": "10.0.0.1"} if body else {}
    sent = urllib.request.Request(base_url + path, data=body, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(sent, timeout=60) as answer:  # noqa: S310
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def run(options: argparse.Namespace) -> dict[str, Any]:
    fresh_database(options.database_url)
    subprocess.run(["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=False)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-memory-") as tmp:
        workdir = Path(tmp)
        environment = server_environment(
            database_url=options.database_url,
            var_dir=workdir / "var",
            redis_url=options.redis_url,
        )
        migrate(environment)
        startup = startup_rss(environment)
        config = ServerConfig(workers=2, threads=4)
        with Gunicorn(config, environment, workdir / "gunicorn.log") as server:
            server.wait_ready(timeout=240)
            started = [process_memory(pid) for pid in server.worker_pids()]
            rng = random.Random(7)
            requests = [r for _ in range(options.rounds) for r in round_requests(rng)]
            with ThreadPoolExecutor(max_workers=4) as pool:
                statuses = Counter(pool.map(lambda r: send(server.base_url, r), requests))
            served = [process_memory(pid) for pid in server.worker_pids()]
    subprocess.run(["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=False)
    return {
        "startup": startup,
        "server": config.name,
        "requests": len(requests),
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "workers_started": started,
        "workers_after_requests": served,
        "aim_worker_mib": AIM_WORKER_MIB,
    }


def print_result(result: dict[str, Any]) -> None:
    startup = result["startup"]
    print(
        f"fresh process: {startup['after_setup_mib']} MiB after django.setup(), "
        f"{startup['after_urls_mib']} MiB with the URL conf and the WSGI app"
    )
    for label, key in (("started", "workers_started"), ("after", "workers_after_requests")):
        memory = ", ".join(
            f"RSS {w['rss_mib']} / PSS {w['pss_mib']} / USS {w['uss_mib']} MiB" for w in result[key]
        )
        print(f"{result['server']} workers {label}: {memory}")
    print(f"{result['requests']} requests, statuses {result['statuses']}")
    largest = max(w["rss_mib"] for w in result["workers_after_requests"])
    print(f"aim: a worker under {AIM_WORKER_MIB} MB; largest after requests: {largest} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30, help="16 requests each")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    result = run(options)
    print_result(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if any(code.startswith("5") for code in result["statuses"]) else 0


if __name__ == "__main__":
    sys.exit(main())
