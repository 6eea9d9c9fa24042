"""Where one filing spends the web process's time, in-process: ``POST /api/v1/reports`` given
to the WSGI application directly (no server, no socket to the client), with the varied reports
of the reports benchmark (``bench/workload.py``), in the benchmark's shape: a fresh, migrated
PostgreSQL database, the confirmations queued in Redis (nobody sends them here).

Reports the CPU time per filing of the process and of the servers it asks (Redis, and the
PostgreSQL backend of its connection), the SQL statements and Redis round trips per filing, the
Python function calls per filing (the profiler's count, which the machine's load does not move),
and with ``--top`` the functions that cost most, by cumulative and by own CPU time.

The WSGI application is called rather than Django's test client: the client marks requests as
exempt from CSRF checks and records templates and signals, which a served request does not do.

    python bench/filing_profile.py --database-url postgres://... --redis-url redis://.../11
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lookup_profile import ROUND_TRIPS, calls_of, postgresql_cpu_seconds, redis_cpu_seconds
from bench.server import fresh_database, migrate, server_environment
from bench.workload import report_payload

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench_filing"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
UNREACHED_LIMIT = "1000000/s"


def environ_of(body: bytes, address: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/reports",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "fr",
        "HTTP_X_REAL_IP": address,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--rate-limits", action="store_true", help="count the limits (unreached)")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--statements", action="store_true", help="print one filing's SQL")
    parser.add_argument("--dump", type=Path, help="write the profile there (pstats)")
    options = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-filing-profile-")) / "var"
    environment = server_environment(
        database_url=options.database_url, var_dir=var_dir, redis_url=options.redis_url
    )
    if options.rate_limits:
        environment.update(
            {
                "RATELIMIT_ENABLE": "true",
                "RATE_SUBMIT_PER_IP": UNREACHED_LIMIT,
                "RATE_SUBMIT_GLOBAL": UNREACHED_LIMIT,
            }
        )
    fresh_database(options.database_url)
    migrate(environment)
    subprocess.run(["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=False)
    os.environ.update(environment)
    from vigilance.wsgi import application

    rng = random.Random(11)
    total = options.filings * (options.batches + 2)
    bodies = [json.dumps(report_payload(rng)).encode() for _ in range(total)]
    statuses: dict[str, int] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        statuses[status] = statuses.get(status, 0) + 1

    def file(start: int) -> None:
        for index in range(start, start + options.filings):
            address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
            b"".join(application(environ_of(bodies[index], address), start_response))

    def cpu() -> tuple[float, float, float]:
        return time.process_time(), redis_cpu_seconds(options.redis_url), postgresql_cpu_seconds()

    file(0)  # warm: connections, caches, the first partitions' pages
    if options.statements:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            b"".join(application(environ_of(bodies[-1], "10.255.255.255"), start_response))
        for query in queries.captured_queries:
            print(query["sql"][:400], "\n")
    batches = []
    for batch in range(options.batches):
        started = cpu()
        file((batch + 1) * options.filings)
        ended = cpu()
        batches.append(
            [(e - s) * 1000 / options.filings for s, e in zip(started, ended, strict=True)]
        )
    cpu_ms = [min(batch[part] for batch in batches) for part in range(3)]
    statuses.clear()

    # CPU time, not wall time: what the filing costs the machine, not what it waits for.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    file((options.batches + 1) * options.filings)
    profile.disable()
    stats = pstats.Stats(profile)
    if options.dump:
        stats.dump_stats(options.dump)
    count = options.filings
    print(f"{count} filings, answers {statuses}")
    print(
        "CPU ms per filing (least of the batches, no profiler): this process {:.3f}, Redis {:.3f}, "
        "PostgreSQL backend {:.3f}".format(*cpu_ms)
    )
    for name, wanted in ROUND_TRIPS.items():
        print(f"{name} round trips per filing: {calls_of(stats, wanted) / count:.2f}")
    print(f"Python calls per filing: {stats.total_calls / count:.0f}")  # type: ignore[attr-defined]
    print(f"load average: {os.getloadavg()}")
    if options.top:
        stats.sort_stats("cumulative").print_stats(options.top)
        stats.sort_stats("tottime").print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
