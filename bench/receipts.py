"""The receipts benchmark, and the time ``make run`` takes to seed its demo data.

In the embedded shape (a SQLite file, as ``make run``): migrate, make the development
certificate, then time ``seed_demo --reports 300`` and ``seed_workspace``. Then serve it with
gunicorn (2 workers x 4 threads, as ``make run``), file ``--reports`` reports through the API and
time their signed receipts: the first download of each (rendered and signed), the second (the
copy kept), 16 first downloads at once (16 reports), 16 at once of one new report, and 16 kept
copies at once. Every answer must be a 200 PDF or a 503 with Retry-After (never another error).

    python bench/receipts.py [--reports 8] [--json PATH]
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import BIN, REPO, Gunicorn, ServerConfig, server_environment
from bench.workload import report_payload

AT_ONCE = 16
PORTS = range(8160, 8200)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 8160 and 8199")


def manage(environment: dict[str, str], *arguments: str) -> float:
    """Run ``manage.py <arguments>``; the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=REPO,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - started, 2)


def file_report(base_url: str, rng: random.Random) -> tuple[str, str]:
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        f"{base_url}/api/v1/reports",
        data=json.dumps(report_payload(rng)).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        created = json.loads(answer.read())
    return created["reference"], created["tracking_code"]


def download(base_url: str, report: tuple[str, str]) -> tuple[int, float, bytes]:
    reference, code = report
    request = urllib.request.Request(  # noqa: S310
        f"{base_url}/api/v1/reports/{reference}/receipt.pdf", headers={"X-Tracking-Code": code}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        status, body = refused.code, refused.read()
        if status == 503 and not refused.headers.get("Retry-After"):
            status = -503  # a refusal without Retry-After counts as an error
    return status, time.perf_counter() - started, body


def timings(results: list[tuple[int, float, bytes]], wall: float | None = None) -> dict[str, Any]:
    seconds = sorted(r[1] for r in results)
    row: dict[str, Any] = {
        "requests": len(results),
        "ok": sum(1 for r in results if r[0] == 200 and r[2].startswith(b"%PDF")),
        "busy_503": sum(1 for r in results if r[0] == 503),
        "errors": sum(1 for r in results if r[0] not in (200, 503)),
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(seconds[-1], 3),
    }
    if wall is not None:
        row["wall_s"] = round(wall, 2)
    return row


def at_once(base_url: str, reports: list[tuple[str, str]]) -> dict[str, Any]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(reports)) as pool:
        results = list(pool.map(lambda r: download(base_url, r), reports))
    return timings(results, time.perf_counter() - started)


def run(reports: int) -> dict[str, Any]:
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-receipts-") as tmp:
        var = Path(tmp) / "var"
        environment = server_environment(
            database_url=f"sqlite:///{var / 'vigilance.sqlite3'}", var_dir=var, redis_url=""
        )
        environment["DJANGO_SETTINGS_MODULE"] = "vigilance.settings"
        seeding = {
            "migrate_s": manage(environment, "migrate", "--noinput", "-v", "0"),
            "create_dev_certificate_s": manage(environment, "create_dev_certificate"),
            "seed_demo_300_s": manage(environment, "seed_demo", "--reports", "300"),
            "seed_workspace_s": manage(environment, "seed_workspace"),
        }
        seeding["seeding_total_s"] = round(
            seeding["seed_demo_300_s"] + seeding["seed_workspace_s"], 2
        )
        print(f"seeding: {seeding}", flush=True)
        config = ServerConfig(workers=2, threads=4)
        with Gunicorn(config, environment, Path(tmp) / "gunicorn.log", port=free_port()) as server:
            server.wait_ready(timeout=240)
            url = server.base_url
            filed = [file_report(url, rng) for _ in range(reports + 2 * AT_ONCE + 1)]
            one_by_one, crowd, same = (
                filed[:reports],
                filed[reports : reports + AT_ONCE],
                filed[reports + AT_ONCE],
            )
            first = [download(url, r) for r in one_by_one]
            second = [download(url, r) for r in one_by_one]
            identical = all(a[2] == b[2] for a, b in zip(first, second, strict=True))
            figures = {
                "first_download": timings(first),
                "second_download": timings(second),
                "second_identical_bytes": identical,
                f"{AT_ONCE}_first_downloads_at_once": at_once(url, crowd),
                f"{AT_ONCE}_at_once_of_one_new_report": at_once(url, [same] * AT_ONCE),
                f"{AT_ONCE}_kept_copies_at_once": at_once(url, crowd),
            }
    return {"server": config.name, "shape": "embedded (SQLite)", "seeding": seeding, **figures}


def print_table(result: dict[str, Any]) -> None:
    seeding = result["seeding"]
    print("\nSeeding the embedded shape as make run does (SQLite)")
    for name, seconds in seeding.items():
        print(f"  {name:<28} {seconds:>7} s")
    print(f"\nSigned receipts through gunicorn {result['server']}, {result['shape']}")
    print(
        f"{'scenario':<34} {'req':>4} {'ok':>4} {'503':>4} {'err':>4} {'median s':>9} {'max s':>7}"
    )
    for name, row in result.items():
        if isinstance(row, dict) and "requests" in row:
            print(
                f"{name:<34} {row['requests']:>4} {row['ok']:>4} {row['busy_503']:>4} "
                f"{row['errors']:>4} {row['median_s']:>9} {row['max_s']:>7}"
            )
    print(f"second download gives the same bytes: {result['second_download_identical_bytes']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=8, help="downloaded one by one")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(options.reports)
    result["second_download_identical_bytes"] = result.pop("second_identical_bytes")
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    errors = sum(
        row["errors"] for row in result.values() if isinstance(row, dict) and "errors" in row
    )
    return 0 if not errors and result["second_download_identical_bytes"] else 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    sys.exit(main())
