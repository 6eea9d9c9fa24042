"""The statistics benchmark: the dashboards and their JSON on 1,000,000 reports, timed from
outside through gunicorn, and the refresh of the aggregates at that size.

The data is ``bench/stats_data.py``'s (kept between runs). The aggregates are recomputed first
(every month, then a periodic refresh with nothing new: both timed). Each page is then asked
``--requests`` times one after the other (after 5 warm-up requests) with the session cookie of a
signed-in person: the ministry's statistician on the national dashboard, a police supervisor on
their unit's, each over 12 months and 3 years, and the JSON endpoint; and every page of the
public statistics (``vigilance.stats.urls``) that takes no argument, when there are some.

    python bench/stats.py [--reports 1000000] [--cases 100000] [--requests 50] [--json PATH]
"""

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stats_data
from bench.requisitions import WARMUP, _summary, session_cookie, time_page
from bench.server import Gunicorn, ServerConfig, server_environment

AIM_MS = 150


def _months_back(count: int) -> tuple[str, str]:
    today = dt.date.today().replace(day=1)
    first = today
    for _step in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return f"{first:%Y-%m}", f"{today:%Y-%m}"


def public_paths() -> list[tuple[str, str]]:
    """(name, path) of the public statistics pages without arguments, in French (the staff
    pages that share the namespace, such as the annual report, are not the public's)."""
    from django.urls import URLPattern, reverse
    from django.utils import translation

    from vigilance.stats import urls

    found = []
    with translation.override("fr"):
        for pattern in urls.urlpatterns:
            if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
                path = reverse(f"stats:{pattern.name}")
                if not path.startswith("/fr/staff/"):
                    found.append((f"public: {pattern.name}", path))
    return found


def pages() -> list[tuple[str, str, dict[str, str]]]:
    statistician = {
        "Cookie": session_cookie("bench-stats-ministry", "minpostel-stats", "statistician")
    }
    supervisor = {"Cookie": session_cookie("bench-stats-supervisor", "dgsn-cyber-lt", "supervisor")}
    year_from, year_to = _months_back(12)
    years_from, years_to = _months_back(36)
    three_years = f"?from={years_from}&to={years_to}"
    twelve_months = f"?from={year_from}&to={year_to}"
    found = [
        ("dashboard, national, 12 months", "/fr/staff/statistics/", statistician),
        ("dashboard, national, 3 years", f"/fr/staff/statistics/{three_years}", statistician),
        ("dashboard, one unit, 12 months", "/fr/staff/statistics/", supervisor),
        ("dashboard, one unit, 3 years", f"/fr/staff/statistics/{three_years}", supervisor),
        (
            "dashboard, a unit chosen nationally, 3 years",
            f"/fr/staff/statistics/{three_years}&unit=dgsn-cyber-ce",
            statistician,
        ),
        ("API /api/v1/stats/dashboard, 12 months", f"/api/v1/stats/dashboard{twelve_months}",
         statistician),
        ("API /api/v1/stats/dashboard, 3 years", f"/api/v1/stats/dashboard{three_years}",
         statistician),
    ]  # fmt: skip
    found += [(name, path, {}) for name, path in public_paths()]
    return found


def run(*, url: str, reports: int, cases: int, requests: int, rebuild: bool) -> dict[str, Any]:
    load = stats_data.ensure(url, reports=reports, cases=cases, rebuild=rebuild)
    stats_data.setup_django(url)
    refresh = stats_data.refresh()
    var_dir = Path(os.environ["VIGILANCE_VAR_DIR"])
    environment = server_environment(database_url=url, var_dir=var_dir, redis_url="")
    config = ServerConfig(workers=2, threads=2)
    load_before = os.getloadavg()
    rows = []
    with Gunicorn(config, environment, var_dir / "gunicorn.log") as server:
        server.wait_ready(timeout=300)  # a shared machine may take minutes to start it
        for name, path, headers in pages():
            rows.append(time_page(server, name, path, headers, requests=requests))
            print(f"  {name}: {_summary(rows[-1])}", flush=True)
    available = [row for row in rows if row.get("available")]
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": reports,
        "cases": cases,
        "load_seconds": load,
        "refresh": refresh,
        "server": config.name,
        "requests_per_page": requests,
        "warmup_per_page": WARMUP,
        "pages": rows,
        "aim_ms": AIM_MS,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "verdict": {
            row["page"]: ("met" if row["p95_ms"] < AIM_MS else "missed") for row in available
        },
    }


def print_table(result: dict[str, Any]) -> None:
    refresh = result["refresh"]
    print(
        f"\nStatistics ({result['reports']} reports, {result['cases']} cases; every month "
        f"recomputed in {refresh['rebuild_seconds']} s ({refresh['months']} months), a periodic "
        f"refresh in {refresh['periodic_refresh_seconds']} s; gunicorn {result['server']}; "
        f"{result['requests_per_page']} requests each)"
    )
    header = f"{'page':<46} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU ms':>7}  aim"
    print(header)
    print("-" * len(header))
    for row in result["pages"]:
        if not row.get("available"):
            print(f"{row['page']:<46} not available (status {row.get('status')})")
            continue
        verdict = "met" if row["p95_ms"] < AIM_MS else "MISSED"
        print(
            f"{row['page']:<46} {row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7} "
            f"{row['server_cpu_ms']:>7}  {verdict}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=stats_data.DEFAULT_DATABASE)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        reports=options.reports,
        cases=options.cases,
        requests=options.requests,
        rebuild=options.rebuild,
    )
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if all(row.get("available") for row in result["pages"]) else 1


if __name__ == "__main__":
    sys.exit(main())
