"""Where one public look-up spends its time, in-process: the lean WSGI entry of
``GET /api/v1/lookup`` called directly (no server, no socket to the client) over the look-up
addresses of ``bench/lookup.py``, in the production shape (PostgreSQL, Redis limits and tallies).

Reports the CPU time per look-up of the process and of the servers it asks (Redis, and the
PostgreSQL backend of its connection), the round trips to Redis and the SQL statements per
look-up (counted by the profiler as calls of the clients' send functions), the Python function
calls per look-up (the profiler's count, which the machine's load does not move), and with ``--top``
the functions that cost most (CPU time).

    python bench/lookup_profile.py --database-url postgres://... --redis-url redis://.../3
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.indicators import DEFAULT_REDIS, lookup_paths
from bench.lookup import DEFAULT_DATABASE, UNREACHED_LIMIT
from bench.server import process_cpu_seconds, production_environment

# (file ending, function) of what sends one request to a server and waits for its answer.
ROUND_TRIPS = {
    "redis": (("redis/connection.py", "send_packed_command"),),
    "sql": (("psycopg/cursor.py", "execute"),),
}


def environ_of(path: str) -> dict[str, Any]:
    parts = urlsplit(path)
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "fr",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def calls_of(stats: pstats.Stats, wanted: tuple[tuple[str, str], ...]) -> int:
    return sum(
        primitive
        for (filename, _line, function), (primitive, *_rest) in stats.stats.items()  # type: ignore[attr-defined]
        if any(filename.endswith(end) and function == name for end, name in wanted)
    )


def redis_cpu_seconds(url: str) -> float:
    info = redis.Redis.from_url(url).info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def postgresql_cpu_seconds() -> float:
    """CPU time of this thread's PostgreSQL backend so far (the server is on this machine)."""
    from django.db import connection

    connection.ensure_connection()
    return process_cpu_seconds(str(connection.connection.info.backend_pid))


def cpu_seconds(redis_url: str) -> tuple[float, float, float]:
    return time.process_time(), redis_cpu_seconds(redis_url), postgresql_cpu_seconds()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--lookups", type=int, default=3000)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    options = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-lookup-profile-")) / "var"
    environment = production_environment(
        database_url=options.database_url, var_dir=var_dir, redis_url=options.redis_url
    )
    environment.update(
        {
            "RATELIMIT_ENABLE": "true",
            "RATE_LOOKUP_PER_IP": UNREACHED_LIMIT,
            "RATE_LOOKUP_GLOBAL": UNREACHED_LIMIT,
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.update(environment)
    from vigilance.wsgi import application

    paths = [p for found in lookup_paths(options.database_url, 1000).values() for p in found]
    environs = [environ_of(paths[i % len(paths)]) for i in range(options.lookups)]
    statuses: dict[str, int] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        statuses[status] = statuses.get(status, 0) + 1

    for environ in environs[:200]:  # warm: connections, prepared statements, caches
        application(dict(environ), start_response)

    # The least of a few batches: on a loaded machine, the others measure the neighbours too.
    batches = []
    for _batch in range(options.batches):
        started = cpu_seconds(options.redis_url)
        for environ in environs:
            application(dict(environ), start_response)
        ended = cpu_seconds(options.redis_url)
        batches.append(
            [
                (end - start) * 1000 / len(environs)
                for start, end in zip(started, ended, strict=True)
            ]
        )
    cpu_ms = [min(batch[part] for batch in batches) for part in range(3)]
    statuses.clear()

    # CPU time, not wall time: what the look-up costs the machine, not what it waits for.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for environ in environs:
        application(dict(environ), start_response)
    profile.disable()
    stats = pstats.Stats(profile)
    count = len(environs)
    print(f"{count} look-ups, answers {statuses}")
    print(
        "CPU ms per look-up (least of the batches, no profiler): this process {:.3f}, Redis {:.3f}, "
        "PostgreSQL backend {:.3f}".format(*cpu_ms)
    )
    for name, wanted in ROUND_TRIPS.items():
        print(f"{name} round trips per look-up: {calls_of(stats, wanted) / count:.3f}")
    # The one figure the machine's load does not move: Python function calls (the profiler's).
    print(f"Python calls per look-up: {stats.total_calls / count:.0f}")  # type: ignore[attr-defined]
    print(f"load average: {os.getloadavg()}")
    if options.top:
        stats.sort_stats("cumulative").print_stats(options.top)
        stats.sort_stats("tottime").print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
