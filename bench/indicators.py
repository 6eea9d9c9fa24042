"""The indicators benchmark: public look-ups over HTTP, linking new reports, the bulk import.

On the database of ``bench/indicators_data.py`` (2,000,000 reports, 10,000,000 sightings,
2,000,000 indicators by default):

1. look-ups: ``GET /api/v1/lookup?type=phone&value=...`` served by gunicorn (production shape:
   Redis cache and tallies, limits off), and in the same run the same read served by
   ``bench/raw_lookup_app.py`` under the same gunicorn settings; ``wrk`` (one thread, keep-alive
   connections, a Lua script picking values at random: reported, confirmed, named by too few
   people, unknown) measures each after a warm-up. Then the RSS/PSS/USS of each server's workers.
2. where the project's look-up spends its time, in-process: normalisation, the indexed read,
   the tally, the whole request through Django's test client.
3. linking: ``sightings_link`` and the insert of five sightings for ``--link-reports`` reports
   (some naming known values), then whole ``report_submit`` calls with five identifiers; each
   in a transaction rolled back, so that the data stay as loaded (commit not included).
4. ``manage.py import_indicators --dry-run`` of a generated CSV (``--import-rows``, mixed types,
   ~5 % invalid): the whole import runs and is rolled back; wall time and peak RSS.

    python bench/indicators.py [--reports 2000000] [--duration 15] [--json PATH]
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.client import percentile
from bench.indicators_data import DEFAULT_DATABASE, ensure, phone_of
from bench.server import (
    BIN,
    REPO,
    Gunicorn,
    ServerConfig,
    machine_cpu,
    process_memory,
    production_environment,
    server_environment,
)

DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
AIM_P99_MS = 25
AIM_RATIO = 0.5
AIM_LINK_MS = 5
AIM_IMPORT_SECONDS = 60
WRK_SCRIPT = """
local paths = {%(paths)s}
local n = #paths
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter * 7919) %% n + 1])
end
done = function(summary, latency, requests)
  local f = io.open("%(output)s", "w")
  f:write(string.format(
    '{"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
  f:close()
end
"""


def lookup_paths(url: str, count: int, seed: int = 11) -> dict[str, list[str]]:
    """Look-up addresses by kind: reported (3 reporters or more), confirmed fraud, named by fewer
    than 3 people (answered as unknown), never named."""
    with psycopg.connect(url) as connection:

        def values(condition: str, limit: int) -> list[str]:
            return [
                row[0]
                for row in connection.execute(
                    "SELECT value FROM indicators_indicator TABLESAMPLE SYSTEM (5) "  # noqa: S608
                    f"WHERE type = 'phone' AND {condition} LIMIT %s",
                    (limit,),
                )
            ]

        kinds = {
            "reported": values(
                "verified_reporter_count >= 3 AND status = 'unverified'", count * 4 // 10
            ),
            "confirmed": values("status = 'confirmed_fraud'", count // 10),
            "below threshold": values("verified_reporter_count < 3", count * 2 // 10),
        }
    rng = random.Random(seed)
    kinds["unknown"] = [f"+23769{rng.randrange(10**7):07d}" for _ in range(count * 3 // 10)]
    return {
        kind: [f"/api/v1/lookup?type=phone&value={quote(value, safe='')}" for value in found]
        for kind, found in kinds.items()
    }


def wrk(
    base_url: str, paths: list[str], *, seconds: float, connections: int, workdir: Path
) -> dict[str, Any]:
    output = workdir / "wrk-result.json"
    script = workdir / "lookup.lua"
    shuffled = random.Random(3).sample(paths, len(paths))
    script.write_text(
        WRK_SCRIPT % {"paths": ",".join(json.dumps(p) for p in shuffled), "output": output}
    )
    subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s",
         "-s", str(script), base_url],
        check=True, capture_output=True,
    )  # fmt: skip
    raw = json.loads(output.read_text())
    seconds_run = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "per_second": round(raw["requests"] / seconds_run, 1),
        "errors": raw["status_errors"] + raw["socket_errors"],
        "latency_ms": {
            key: round(raw[f"{key}_us"] / 1000, 2) for key in ("p50", "p95", "p99", "max")
        },
    }


def serve_and_load(
    name: str,
    application: str,
    environment: dict[str, str],
    paths: list[str],
    options: argparse.Namespace,
    workdir: Path,
) -> dict[str, Any]:
    config: ServerConfig = options.config
    with Gunicorn(config, environment, workdir / f"{name}.log", application) as server:
        server.wait_ready()
        answer = subprocess.run(
            ["curl", "-s", server.base_url + paths[0]], capture_output=True, text=True, check=False
        ).stdout
        wrk(server.base_url, paths, seconds=options.warmup, connections=options.connections,
            workdir=workdir)  # fmt: skip
        before, server_before = machine_cpu(), server.cpu_seconds()
        result = wrk(
            server.base_url, paths, seconds=options.duration, connections=options.connections,
            workdir=workdir,
        )  # fmt: skip
        after = machine_cpu()
        result["cpu_share"] = {
            "gunicorn": round((server.cpu_seconds() - server_before) / (after["total"] - before["total"]), 2),
            "machine_busy": round((after["busy"] - before["busy"]) / (after["total"] - before["total"]), 2),
        }  # fmt: skip
        result["workers"] = [process_memory(pid) for pid in server.worker_pids()]
        result["sample_answer"] = answer[:300]
    result["server"] = name
    print(
        f"  {name}: {result['per_second']} look-ups/s, p50 {result['latency_ms']['p50']} ms, "
        f"p95 {result['latency_ms']['p95']} ms, p99 {result['latency_ms']['p99']} ms, "
        f"{result['errors']} errors",
        flush=True,
    )
    return result


def setup_django(url: str, redis_url: str, var_dir: Path) -> None:
    os.environ.update(
        production_environment(database_url=url, var_dir=var_dir, redis_url=redis_url)
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigilance.settings"
    import django

    django.setup()


def _timed(runs: list[float], started: float) -> None:
    runs.append((time.perf_counter() - started) * 1000)


def _summary(runs: list[float]) -> dict[str, float]:
    return {
        "count": len(runs),
        "median_ms": round(statistics.median(runs), 2),
        "p95_ms": round(percentile(runs, 0.95), 2),
        "max_ms": round(max(runs), 2),
    }


def hot_path(paths: list[str], repeat: int) -> dict[str, Any]:
    """Milliseconds per look-up of each part of the project's hot path, in this process."""
    from django.test import Client
    from django.utils import translation

    from vigilance.indicators.lookup import public_check
    from vigilance.indicators.normalise import normalise
    from vigilance.indicators.tallies import lookup_tally_record

    values = [p.rsplit("=", 1)[1].replace("%2B", "+") for p in paths][:repeat]
    parts: dict[str, Any] = {}
    for name, call in (
        ("normalise", lambda v: normalise("phone", v)),
        ("public_check (normalise + read)", lambda v: public_check("phone", v)),
        ("lookup_tally_record (Redis)", lambda v: lookup_tally_record(type="phone", value=v)),
    ):
        started = time.perf_counter()
        with translation.override("fr"):
            for value in values:
                call(value)
        parts[name] = round((time.perf_counter() - started) * 1000 / len(values), 3)
    client = Client()
    started = time.perf_counter()
    for path in paths[:repeat]:
        client.get(path)
    parts["whole request (test client)"] = round((time.perf_counter() - started) * 1000 / repeat, 3)
    return parts


def link_timings(count: int, url: str, seed: int = 5) -> dict[str, Any]:
    """``sightings_link`` + the insert of five sightings (and of their reports per identifier),
    then whole ``report_submit`` calls."""
    from django.db import transaction

    from bench.workload import report_payload
    from vigilance.intake.api import draft_from_payload
    from vigilance.intake.correlation import sightings_link
    from vigilance.intake.identifier_reports import sightings_save
    from vigilance.intake.models import Channel, Report, Sighting
    from vigilance.intake.schemas import ReportIn
    from vigilance.intake.services import report_submit

    rng = random.Random(seed)
    with psycopg.connect(url) as connection:
        top = connection.execute("SELECT max(id) FROM indicators_indicator").fetchone()
    indicators = int(top[0]) if top and top[0] else 1
    reports = list(Report.objects.order_by("-id")[:count])
    link: list[float] = []
    for n, report in enumerate(reports):
        known = [phone_of(r - r % 10 + rng.randrange(6)) for r in (1 + int(indicators * rng.random() ** 2.5), rng.randrange(1, indicators))]  # fmt: skip
        sightings = [Sighting(report=report, type="phone", value=v, raw_value=v, provider="MTN") for v in known]  # fmt: skip
        sightings += [
            Sighting(report=report, type="phone", value=f"+23769{n:07d}", raw_value="x", provider="Orange"),
            Sighting(report=report, type="email", value=f"new{n}-{seed}@example.com", raw_value="x"),
            Sighting(report=report, type="url", value=f"https://new-{n}-{seed}.example.com/", raw_value="x"),
        ]  # fmt: skip
        with transaction.atomic():
            started = time.perf_counter()
            sightings_link(report=report, sightings=sightings)
            sightings_save(sightings)
            _timed(link, started)
            transaction.set_rollback(True)
    submit: list[float] = []
    for n in range(count):
        payload = report_payload(rng)
        payload["suspects"] += [
            {"type": "phone", "value": phone_of(rng.randrange(1, indicators) // 10 * 10)},
            {"type": "url", "value": f"https://promo-{n}.example.net/gain"},
        ]
        draft = draft_from_payload(ReportIn(**payload))
        with transaction.atomic():
            started = time.perf_counter()
            report_submit(draft=draft, channel=Channel.API)
            _timed(submit, started)
            transaction.set_rollback(True)
    return {
        "sightings_link_and_insert": _summary(link),
        "report_submit_5_identifiers": _summary(submit),
    }


def write_csv(path: Path, rows: int, seed: int = 9) -> None:
    """Mixed identifiers as a partner would send them, about 5 % of them invalid."""
    rng = random.Random(seed)
    with path.open("w") as handle:
        handle.write("type,value,provider\n")
        for n in range(rows):
            draw = rng.random()
            if draw < 0.05:
                handle.write(
                    rng.choice(
                        ("phone,12345,\n", "email,not-an-address,\n", "url,,\n", "imei,35 2099,\n")
                    )
                )
            elif draw < 0.45:
                handle.write(f"phone,+2376{rng.randrange(50000000, 99999999)},\n")
            elif draw < 0.60:
                handle.write(f"phone,6{rng.randrange(70, 100)} {rng.randrange(10**6):06d},\n")
            elif draw < 0.75:
                handle.write(f"momo_account,+23767{rng.randrange(10**7):07d},MTN\n")
            elif draw < 0.88:
                handle.write(f"email,Agent.{n}@Example.com,\n")
            else:
                handle.write(f"url,https://promo-{n % 50000}.example.org/gain?id={n},\n")  # fmt: skip


def bulk_import(url: str, rows: int, workdir: Path) -> dict[str, Any]:
    path = workdir / "identifiers.csv"
    write_csv(path, rows)
    environment = server_environment(database_url=url, var_dir=workdir / "var", redis_url="")
    started = time.monotonic()
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "import_indicators", str(path), "--dry-run"],
        cwd=REPO, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "rows": rows,
        "csv_mib": round(path.stat().st_size / 2**20, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mib": round(peak, 1),
        "exit": done.returncode,
        "summary": done.stdout.strip()[-600:],
        "stderr_tail": done.stderr.strip()[-400:],
    }
    print(f"  import of {rows} rows: {result['seconds']} s, peak RSS {result['peak_rss_mib']} MiB", flush=True)  # fmt: skip
    return result


def run(options: argparse.Namespace) -> dict[str, Any]:
    url = options.database_url
    load = ensure(url, reports=options.reports, rebuild=options.rebuild)
    workdir = Path(tempfile.mkdtemp(prefix="vigilance-bench-indicators-"))
    load_before = os.getloadavg()
    # First, while no other child has run: the peak RSS read afterwards is the import's.
    imported = bulk_import(url, options.import_rows, workdir)
    by_kind = lookup_paths(url, options.lookup_values)
    paths = [path for found in by_kind.values() for path in found]
    environment = production_environment(
        database_url=url, var_dir=workdir / "var", redis_url=options.redis_url
    )
    raw_environment = {**environment, "DATABASE_URL": url}
    project = serve_and_load("project", "vigilance.wsgi", environment, paths, options, workdir)
    raw = serve_and_load(
        "raw", "bench.raw_lookup_app:app", raw_environment, paths, options, workdir
    )
    setup_django(url, options.redis_url, workdir / "var")
    parts = hot_path(paths, options.profile_requests)
    print(f"  hot path, ms per look-up: {parts}", flush=True)
    linking = link_timings(options.link_reports, url)
    print(f"  linking: {linking}", flush=True)
    ratio = round(project["per_second"] / raw["per_second"], 2) if raw["per_second"] else 0.0
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": options.reports,
        "sightings": options.reports * 5,
        "load_seconds": load,
        "server": options.config.name,
        "client": f"wrk 1 thread, {options.connections} keep-alive connections",
        "duration": options.duration,
        "warmup": options.warmup,
        "lookup_values": {kind: len(found) for kind, found in by_kind.items()},
        "lookups": {"project": project, "raw": raw, "ratio": ratio},
        "hot_path_ms": parts,
        "linking": linking,
        "bulk_import": imported,
        "aim": {
            "ratio": AIM_RATIO,
            "p99_ms": AIM_P99_MS,
            "link_median_ms": AIM_LINK_MS,
            "import_seconds": AIM_IMPORT_SECONDS,
        },
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nIndicators ({result['reports']} reports, {result['sightings']} sightings; "
        f"{result['server']}; {result['client']}, {result['duration']} s)"
    )
    header = f"{'server':<8} {'look-ups/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  worker RSS MiB"  # fmt: skip
    print(header)
    print("-" * len(header))
    for name in ("project", "raw"):
        row = result["lookups"][name]
        rss = ", ".join(str(w["rss_mib"]) for w in row["workers"])
        print(
            f"{name:<8} {row['per_second']:>10} {row['latency_ms']['p50']:>7} "
            f"{row['latency_ms']['p95']:>7} {row['latency_ms']['p99']:>7} {row['errors']:>6}  {rss}"
        )
    print(f"ratio project/raw: {result['lookups']['ratio']} (aim >= {AIM_RATIO})")
    for name, figures in result["linking"].items():
        print(f"{name}: median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms")
    imported = result["bulk_import"]
    print(
        f"bulk import of {imported['rows']} rows: {imported['seconds']} s, "
        f"peak RSS {imported['peak_rss_mib']} MiB (aim < {AIM_IMPORT_SECONDS} s)"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--reports", type=int, default=2_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--lookup-values", type=int, default=5000)
    parser.add_argument("--profile-requests", type=int, default=500)
    parser.add_argument("--link-reports", type=int, default=500)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    options.config = ServerConfig(workers=options.workers, threads=options.threads)
    return options


def main() -> int:
    options = arguments()
    result = run(options)
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    failed = result["lookups"]["project"]["errors"] or result["bulk_import"]["exit"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
