"""The open-statistics benchmark: the public page and ``GET /api/v1/stats/reports`` (JSON and
CSV) on 1,000,000 reports, timed from outside through gunicorn, anonymous as the public is.

The data and its aggregates are ``bench/stats_data.py``'s (built and refreshed by ``bench/stats.py``
or here when missing). Each address is asked ``--requests`` times after 5 warm-up requests: the
same question again (the answer cached until the next refresh), and "cold", a different range of
months each time (the answer computed from the aggregates every time).

    python bench/stats_public.py [--reports 1000000] [--cases 100000] [--requests 50] [--json PATH]
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stats_data
from bench.client import percentile
from bench.requisitions import WARMUP, _summary, get, time_page
from bench.server import Gunicorn, ServerConfig, server_environment

AIM_MS = 150
API = "/api/v1/stats/reports"


def _month(back: int) -> str:
    today = dt.date.today().replace(day=1)
    year, index = divmod(today.year * 12 + today.month - 1 - back, 12)
    return f"{year:04d}-{index + 1:02d}"


def _range(back: int, months: int) -> str:
    return f"from={_month(back + months - 1)}&to={_month(back)}"


def addresses() -> list[tuple[str, str]]:
    """(name, path) of the public questions; each is also asked cold (other ranges)."""
    return [
        ("page, last 12 months", "/fr/statistics/?{range}"),
        ("API JSON by month, 12 months", API + "?{range}&by=month"),
        ("API JSON by region and category, 12 months", API + "?{range}&by=region,category"),
        ("API CSV month x region x category, 12 months", API + "?{range}&by=month,region,category&format=csv"),
        ("page, 3 years", "/fr/statistics/?{range3}"),
        ("API CSV month x region x category, 3 years", API + "?{range3}&by=month,region,category&format=csv"),
    ]  # fmt: skip


def _path(template: str, back: int) -> str:
    return template.format(range=_range(back, 12), range3=_range(back, 36))


def time_cold(server: Gunicorn, name: str, template: str, *, requests: int) -> dict[str, Any]:
    """Each request asks other months (up to 24 back), so that none is answered from the cache
    of an earlier one (a worker's cache holds each range once)."""
    row: dict[str, Any] = {"page": f"{name} (cold)"}
    timings = []
    for n in range(requests):
        path = _path(template, n % 24)
        started = time.perf_counter()
        status, _body = get(server.base_url, path, {})
        if status != 200:
            row.update(available=False, status=status)
            return row
        timings.append((time.perf_counter() - started) * 1000)
    row.update(
        available=True,
        requests=requests,
        p50_ms=round(percentile(timings, 0.50), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        p99_ms=round(percentile(timings, 0.99), 1),
    )
    return row


def run(*, url: str, reports: int, cases: int, requests: int, refresh: bool) -> dict[str, Any]:
    stats_data.ensure(url, reports=reports, cases=cases)
    stats_data.setup_django(url)
    if refresh:
        stats_data.refresh()
    var_dir = Path(os.environ["VIGILANCE_VAR_DIR"])
    environment = server_environment(database_url=url, var_dir=var_dir, redis_url="")
    config = ServerConfig(workers=2, threads=2)
    rows = []
    with Gunicorn(config, environment, var_dir / "gunicorn.log") as server:
        server.wait_ready(timeout=300)  # a loaded machine starts workers slowly
        for name, template in addresses():
            rows.append(time_page(server, name, _path(template, 0), {}, requests=requests))
            print(f"  {name}: {_summary(rows[-1])}", flush=True)
        for name, template in addresses():
            rows.append(time_cold(server, name, template, requests=min(requests, 24)))
            print(f"  {rows[-1]['page']}: p95 {rows[-1].get('p95_ms')} ms", flush=True)
    available = [row for row in rows if row.get("available")]
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": reports,
        "server": config.name,
        "requests_per_page": requests,
        "warmup_per_page": WARMUP,
        "pages": rows,
        "aim_ms": AIM_MS,
        "verdict": {
            row["page"]: ("met" if row["p95_ms"] < AIM_MS else "missed") for row in available
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=stats_data.DEFAULT_DATABASE)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--refresh", action="store_true", help="recompute the aggregates first")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        reports=options.reports,
        cases=options.cases,
        requests=options.requests,
        refresh=options.refresh,
    )
    print(json.dumps(result["verdict"], indent=2))
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if all(row.get("available") for row in result["pages"]) else 1


if __name__ == "__main__":
    sys.exit(main())
