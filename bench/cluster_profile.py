"""Where the cluster of the hot value spends its Python, in-process: the cluster pages of
``bench/national.py`` (the page, its API, one identifier's reports; a triage officer and an
investigator) asked through Django's test client inside one transaction rolled back at the end.

Deterministic figures first: the Python function calls of one request (cProfile), the share of
them spent rendering templates, the SQL statements; then over ``--requests`` requests the
collections of Python's cyclic garbage collector per generation and the time they took, and the
median and p95 of the request (with the load average, since the machine is shared).

    python bench/cluster_profile.py --database-url postgres://.../vig_bench_national_quick
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national import DEFAULT_DATABASE, Rollback, _setup_django, page_filter, pages

RENDERING = ("django/template/", "django/utils/html.py", "django/utils/safestring.py")


class CollectorWatch:
    """Counts the cyclic collector's runs per generation and the seconds they take."""

    def __init__(self) -> None:
        self.runs = [0, 0, 0]
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.runs[info["generation"]] += 1
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> "CollectorWatch":
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def _calls(client: Any, url: str, top: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        answer = client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rendering = sum(
        calls
        for (path, _line, _name), (_primitive, calls, *_rest) in stats.stats.items()  # type: ignore[attr-defined]
        if any(part in path for part in RENDERING)
    )
    row = {
        "status": answer.status_code,
        "bytes": len(answer.content),
        "python_calls": stats.total_calls,  # type: ignore[attr-defined]
        "rendering_calls": rendering,
        "queries": len(queries),
    }
    if top:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        row["top"] = out.getvalue()
    return row


def _timed(client: Any, url: str, requests: int) -> dict[str, Any]:
    timings = []
    with CollectorWatch() as watch:
        for _n in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, round(0.95 * len(timings)) - 1)], 1),
        "gc_runs_per_generation": watch.runs,
        "gc_ms_per_request": round(watch.seconds * 1000 / requests, 2),
    }


def _full_collection_ms() -> float:
    """What one full collection of the warm process costs (the p95's spikes)."""
    started = time.perf_counter()
    gc.collect()
    return round((time.perf_counter() - started) * 1000, 1)


def run(options: argparse.Namespace) -> dict[str, Any]:
    _setup_django(options.database_url, jit_off=True)
    from django.db import transaction

    rows = []
    full_collection_ms = 0.0
    load_before = os.getloadavg()
    try:
        with transaction.atomic():
            chosen = pages(page_filter(options.pages))
            gc.collect()
            full_collection_ms = _full_collection_ms()
            if options.freeze:
                # What the server's hook does once the application is loaded and warm.
                gc.collect()
                gc.freeze()
                full_collection_ms = _full_collection_ms()
            if options.gc_threshold:
                gc.set_threshold(options.gc_threshold, *gc.get_threshold()[1:])
            for name, client, urls, _aim in chosen:
                url = urls(0)
                for _n in range(3):
                    client.get(url)
                row = {"page": name, **_calls(client, url, options.top)}
                row.update(_timed(client, url, options.requests))
                rows.append(row)
                print(json.dumps({k: v for k, v in row.items() if k != "top"}), flush=True)
                if options.top:
                    print(row["top"])
            raise Rollback
    except Rollback:
        pass
    return {
        "database": options.database_url.rsplit("/", 1)[-1],
        "gc_threshold": gc.get_threshold(),
        "gc_frozen_objects": gc.get_freeze_count(),
        "gc_tracked_objects": len(gc.get_objects()),
        "full_collection_ms": full_collection_ms,
        "requests": options.requests,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "pages": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE + "_quick")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--pages", action="append", default=None, help="as bench/national.py")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() before the requests")
    parser.add_argument("--gc-threshold", type=int, default=0, help="the collector's first one")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    options.pages = options.pages or ["cluster"]
    result = run(options)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
