"""The scam-wave benchmark: one detection run on a national-scale database.

Uses (and loads once) the indicators benchmark's database (``bench/indicators_data.py``: by
default 2,000,000 reports over three years naming five identifiers each, strongly skewed, so
that a few values come back every day), then times ``waves_detect`` (the three detectors, the
findings and their draft alerts) ``--runs`` times, each in a transaction rolled back afterwards
so that every run judges the same data and the database is left as it was. Within that
transaction, a synthetic wave is made first: 40 reports of the most named indicator moved to the
last hour, so that a run also records a finding and writes its draft alert.

    python bench/waves.py [--reports 2000000] [--runs 5] [--json PATH]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.indicators_data import DEFAULT_DATABASE, ensure
from bench.server import server_environment

# The job runs every 15 minutes: a run should take a small part of that.
AIM_SECONDS = 10.0
WAVE_REPORTS = 40
# The most named indicator's reports (the loader's skew puts it first), moved to the last hour.
MAKE_WAVE = (
    "UPDATE intake_report SET submitted_at = now() - interval '1 hour' WHERE id IN ("
    "SELECT report_id FROM intake_sighting WHERE indicator_id = (SELECT indicator_id FROM "
    "intake_sighting WHERE indicator_id IS NOT NULL GROUP BY indicator_id "
    "ORDER BY count(*) DESC LIMIT 1) ORDER BY report_id DESC LIMIT %s)"
)


class _RolledBack(Exception):
    pass


def _one_run() -> tuple[float, int, int]:
    """Seconds of one detection, its findings and its SQL queries; nothing kept."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from vigilance.alerts.services.waves import waves_detect

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(MAKE_WAVE, [WAVE_REPORTS])
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                found = waves_detect()
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        pass
    return elapsed, len(found), len(queries)


def run(*, url: str, reports: int, runs: int) -> dict[str, Any]:
    load = ensure(url, reports=reports)
    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-bench-waves-"))
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    _one_run()  # warm-up: connections, plans, caches
    timings = [_one_run() for _ in range(runs)]
    seconds = [elapsed for elapsed, _found, _queries in timings]
    median = statistics.median(seconds)
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": reports,
        "load_seconds": load,
        "runs": runs,
        "median_seconds": round(median, 3),
        "slowest_seconds": round(max(seconds), 3),
        "findings_per_run": timings[0][1],
        "queries_per_run": timings[0][2],
        "aim_seconds": AIM_SECONDS,
        "verdict": "met" if median < AIM_SECONDS else "missed",
        "load_average": os.getloadavg(),
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"\nScam-wave detection ({result['reports']} reports; {result['runs']} runs)")
    print(
        f"median {result['median_seconds']} s, slowest {result['slowest_seconds']} s, "
        f"{result['findings_per_run']} findings and {result['queries_per_run']} queries a run "
        f"(aim under {result['aim_seconds']} s: {result['verdict']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--reports", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(url=options.database_url, reports=options.reports, runs=options.runs)
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["verdict"] == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
