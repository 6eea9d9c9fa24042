"""The public look-up against a bare app, side by side: ``GET /api/v1/lookup`` served by the
platform (production shape, its lean entry) and the same read served by
``bench/raw_lookup_app.py``, on the same database, under the same gunicorn settings (with the
way ``deploy/gunicorn.conf.py`` spreads connections over workers), driven by the same ``wrk``
over the same addresses; and, for comparison, the platform with every request
going through Django's handler, middleware and the django-ninja route
(``vigilance.wsgi:django_application``, the path the look-up took before its lean entry).

Both servers run for the whole measure; ``wrk`` loads them in turn, round after round
(platform, bare, platform, bare...), so that a change in the machine's load from other work
weighs on both alike. Each round reports requests per second and p50/p99; the ratio is taken per
pair of rounds and its median reported. The rate limits are on, as in production, at a count no
run reaches (each look-up is still counted in Redis; ``--limits-off`` to leave them out, as the
indicators suite does); the tally is buffered in Redis.

    python bench/lookup.py [--reports 500000] [--rounds 3] [--duration 10] [--json PATH]
        [--worker-connections N] [--[no-]reuse-port] [--without-django]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.indicators import AIM_P99_MS, AIM_RATIO, lookup_paths, wrk
from bench.indicators_data import ensure
from bench.server import (
    Gunicorn,
    ServerConfig,
    machine_cpu,
    production_connection_settings,
    production_environment,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench_lookup"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
# Counted on every look-up, never reached by a run: the limits' cost is in the figures.
UNREACHED_LIMIT = "100000000/m"


def measure(
    server: Gunicorn, paths: list[str], options: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    before = machine_cpu()
    result = wrk(
        server.base_url, paths, seconds=options.duration, connections=options.connections,
        workdir=workdir,
    )  # fmt: skip
    after = machine_cpu()
    result["machine_busy"] = round(
        (after["busy"] - before["busy"]) / (after["total"] - before["total"]), 2
    )
    return result


def run(options: argparse.Namespace) -> dict[str, Any]:
    url = options.database_url
    load = ensure(url, reports=options.reports)
    workdir = Path(tempfile.mkdtemp(prefix="vigilance-bench-lookup-"))
    by_kind = lookup_paths(url, options.lookup_values)
    paths = [path for found in by_kind.values() for path in found]
    environment = production_environment(
        database_url=url, var_dir=workdir / "var", redis_url=options.redis_url
    )
    environment.update(
        {
            "RATELIMIT_ENABLE": "false" if options.limits_off else "true",
            "RATE_LOOKUP_PER_IP": UNREACHED_LIMIT,
            "RATE_LOOKUP_GLOBAL": UNREACHED_LIMIT,
        }
    )
    config: ServerConfig = options.config
    load_before = os.getloadavg()
    rounds: list[dict[str, Any]] = []
    applications = {"platform": "vigilance.wsgi", "raw": "bench.raw_lookup_app:app"}
    if not options.without_django:
        applications["through Django"] = "vigilance.wsgi:django_application"
    with ExitStack() as running:
        servers = {
            name: running.enter_context(
                Gunicorn(config, environment, workdir / f"{name.replace(' ', '-')}.log", path)
            )
            for name, path in applications.items()
        }
        for server in servers.values():
            server.wait_ready(timeout=300)  # generous: the machine may be busy
        for server in servers.values():
            wrk(server.base_url, paths, seconds=options.warmup, connections=options.connections,
                workdir=workdir)  # fmt: skip
        for number in range(1, options.rounds + 1):
            measured: dict[str, Any] = {name: measure(server, paths, options, workdir) for name, server in servers.items()}  # fmt: skip
            measured["ratio"] = _ratio(measured["platform"], measured["raw"])
            line = f"  round {number}: " + "; ".join(
                f"{name} {_line(measured[name])}" for name in servers
            )
            line += f"; ratio {measured['ratio']}"
            if "through Django" in servers:
                measured["ratio_through_django"] = _ratio(measured["through Django"], measured["raw"])  # fmt: skip
                line += f" (through Django {measured['ratio_through_django']})"
            rounds.append(measured)
            print(line, flush=True)
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": options.reports,
        "load_seconds": load,
        "server": config.name,
        "rate_limits": "off" if options.limits_off else "on, counted in Redis",
        "client": f"wrk 1 thread, {options.connections} keep-alive connections",
        "duration": options.duration,
        "rounds": rounds,
        "lookup_values": {kind: len(found) for kind, found in by_kind.items()},
        "summary": _summary(rounds),
        "aim": {"ratio": AIM_RATIO, "p99_ms": AIM_P99_MS},
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def _ratio(platform: dict[str, Any], raw: dict[str, Any]) -> float:
    return round(platform["per_second"] / raw["per_second"], 2) if raw["per_second"] else 0.0


def _line(result: dict[str, Any]) -> str:
    latency = result["latency_ms"]
    return (
        f"{result['per_second']}/s p50 {latency['p50']} p99 {latency['p99']} ms, "
        f"{result['errors']} errors"
    )


def _summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"ratio_median": statistics.median(r["ratio"] for r in rounds)}
    if "through Django" in rounds[0]:
        summary["ratio_through_django_median"] = statistics.median(
            r["ratio_through_django"] for r in rounds
        )
    for name in ("platform", "raw", "through Django"):
        if name not in rounds[0]:
            continue
        summary[name] = {
            "per_second_median": statistics.median(r[name]["per_second"] for r in rounds),
            "p50_ms_median": statistics.median(r[name]["latency_ms"]["p50"] for r in rounds),
            "p99_ms_median": statistics.median(r[name]["latency_ms"]["p99"] for r in rounds),
            "p99_ms_worst": max(r[name]["latency_ms"]["p99"] for r in rounds),
            "errors": sum(r[name]["errors"] for r in rounds),
        }
    return summary


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nPublic look-up ({result['reports']} reports; {result['server']}; {result['client']}; "
        f"{len(result['rounds'])} rounds of {result['duration']} s each)"
    )
    header = f"{'server':<15} {'look-ups/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'worst p99':>9} {'errors':>6}"  # fmt: skip
    print(header)
    print("-" * len(header))
    for name in ("platform", "raw", "through Django"):
        row = result["summary"].get(name)
        if row is None:
            continue
        print(
            f"{name:<15} {row['per_second_median']:>10} {row['p50_ms_median']:>7} "
            f"{row['p99_ms_median']:>7} {row['p99_ms_worst']:>9} {row['errors']:>6}"
        )
    print(
        f"ratio platform/raw (median of the rounds): {result['summary']['ratio_median']} "
        f"(aim >= {AIM_RATIO}); platform p99 aim < {AIM_P99_MS} ms"
    )
    if "ratio_through_django_median" in result["summary"]:
        print(
            "the same answer through Django's handler and the ninja route: "
            f"{result['summary']['ratio_through_django_median']}"
        )
    print(f"load average before/after: {result['load_average']}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--reports", type=int, default=500_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--lookup-values", type=int, default=5000)
    parser.add_argument(
        "--limits-off", action="store_true", help="rate limits off, as the indicators suite runs"
    )
    parser.add_argument(
        "--worker-connections", type=int, help="instead of deploy/gunicorn.conf.py's, for both"
    )
    parser.add_argument(
        "--reuse-port",
        action=argparse.BooleanOptionalAction,
        help="instead of deploy/gunicorn.conf.py's, for both",
    )
    parser.add_argument(
        "--without-django", action="store_true", help="leave out the path through Django"
    )
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    balance = production_connection_settings()
    if options.worker_connections is not None:
        balance["worker_connections"] = options.worker_connections
    if options.reuse_port is not None:
        balance["reuse_port"] = options.reuse_port
    options.config = ServerConfig(workers=options.workers, threads=options.threads, **balance)
    return options


def main() -> int:
    options = arguments()
    result = run(options)
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 1 if result["summary"]["platform"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
