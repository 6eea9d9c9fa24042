"""The requisitions benchmark suite run end to end on a tiny size: its generator fills a
database in every state the pages read, and gunicorn serves each timed page with a 200.

It drives its own PostgreSQL database (``vig_bench_smoke_requisitions`` on the test database's
server), so it runs only when the tests run on PostgreSQL."""

from pathlib import Path

import psycopg
import pytest

from tests.bench.test_bench_suites import database, needs_postgresql, run_script

pytestmark = pytest.mark.slow


@needs_postgresql
def test_requisitions_suite_generates_the_data_and_times_the_desk_and_overdue_list(
    tmp_path: Path,
) -> None:
    url = database("vig_bench_smoke_requisitions")

    result = run_script(
        "requisitions.py",
        *("--database-url", url, "--requisitions", "4000", "--freezes", "400", "--requests", "3"),
        "--rebuild",
        output=tmp_path / "requisitions.json",
    )

    with psycopg.connect(url) as connection:
        statuses = dict(
            connection.execute(
                "SELECT status, count(*) FROM requisitions_requisition GROUP BY status"
            ).fetchall()
        )
        freezes = dict(
            connection.execute(
                "SELECT status, count(*) FROM requisitions_freezerequest GROUP BY status"
            ).fetchall()
        )
        broken = connection.execute(
            "SELECT count(*) FROM requisitions_freezerequest WHERE amount_held > amount_asked "
            "OR amount_returned > amount_held"
        ).fetchone()
    assert sum(statuses.values()) == 4000
    assert {"sent", "acknowledged", "answered", "refused"} <= set(statuses)
    assert statuses["answered"] > statuses["sent"]
    assert sum(freezes.values()) == 400
    assert {"sent", "held", "moved_on", "returned"} <= set(freezes)
    assert broken == (0,)
    faced = result["faced"]
    assert 0.3 < faced["mtn_addressed"] / 4000 < 0.6
    assert 0 < faced["mtn_overdue"] <= faced["mtn_open"] < faced["mtn_addressed"]
    pages = {row["page"]: row for row in result["pages"]}
    assert {
        "partner desk (MTN)",
        "partner desk of freezes (MTN MoMo)",
        "overdue list (police supervisor)",
        "API GET /api/v1/partner/requisitions",
    } <= set(pages)
    for row in pages.values():
        assert row["available"], row
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
        assert row["server_cpu_ms"] > 0
