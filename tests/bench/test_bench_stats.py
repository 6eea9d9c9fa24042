"""The statistics benchmark suite run end to end on a tiny size: its generator adds triage
times, closings, outcomes, freezes and look-ups to the workspace's data, the aggregates are
recomputed, and gunicorn serves each timed dashboard with a 200.

It drives its own PostgreSQL database (``vig_bench_smoke_stats`` on the test database's
server), so it runs only when the tests run on PostgreSQL."""

from pathlib import Path

import psycopg
import pytest

from tests.bench.test_bench_suites import database, needs_postgresql, run_script

# The workspace data, a refresh of every month and a server: minutes on a shared machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@needs_postgresql
def test_stats_suite_generates_the_data_refreshes_and_times_the_dashboards(
    tmp_path: Path,
) -> None:
    url = database("vig_bench_smoke_stats")

    result = run_script(
        "stats.py",
        *("--database-url", url, "--reports", "2000", "--cases", "200", "--requests", "3"),
        "--rebuild",
        output=tmp_path / "stats.json",
    )

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT (SELECT sum(reports) FROM stats_reportmonthly), "
            "(SELECT count(*) FROM requisitions_freezerequest WHERE report_id IS NOT NULL), "
            "(SELECT count(*) FROM intake_report WHERE status = 'closed' AND outcome = ''), "
            "(SELECT sum(lookups) FROM stats_lookupmonthly)"
        ).fetchone()
    assert row is not None
    counted, freezes, closed_without_outcome, lookups = row
    assert counted == 2000
    assert freezes > 0
    assert closed_without_outcome == 0
    assert lookups > 0
    assert result["refresh"]["months"] >= 36
    pages = {row["page"]: row for row in result["pages"]}
    assert {
        "dashboard, national, 12 months",
        "dashboard, one unit, 3 years",
        "API /api/v1/stats/dashboard, 3 years",
    } <= set(pages)
    for row in pages.values():
        assert row["available"], row
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
