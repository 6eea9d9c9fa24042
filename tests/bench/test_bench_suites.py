"""The workspace and audit benchmark suites, run end to end on a tiny data size.

They drive their own PostgreSQL databases (server-side generation, COPY, several writer
processes), so they run only when the tests run on PostgreSQL; the databases are named after the
test database's server, ``vig_bench_smoke_workspace`` and ``vig_bench_smoke_audit``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from bench.workspace_data import pick

from vigilance.intake.tracking import format_reference

REPO = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.slow
needs_postgresql = pytest.mark.skipif(
    not SERVER.startswith("postgres"), reason="the suites load PostgreSQL databases"
)


def database(name: str) -> str:
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))


def run_script(script: str, *arguments: str, output: Path) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *arguments, "--json", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(output.read_text())  # type: ignore[no-any-return]


def test_pick_chooses_each_key_by_its_weight() -> None:
    expression = pick("x", {"a": 0.5, "b": 0.3, "c": 0.2})

    assert expression == "CASE WHEN x < 0.500000 THEN 'a' WHEN x < 0.800000 THEN 'b' ELSE 'c' END"


@needs_postgresql
def test_workspace_suite_loads_the_data_and_times_every_page(tmp_path: Path) -> None:
    url = database("vig_bench_smoke_workspace")

    result = run_script(
        "workspace.py",
        *("--database-url", url, "--reports", "2000", "--cases", "200", "--requests", "3"),
        "--rebuild",
        output=tmp_path / "workspace.json",
    )

    with psycopg.connect(url) as connection:
        reports, received, cases, linked, distinct_linked = connection.execute(
            "SELECT (SELECT count(*) FROM intake_report), "
            "(SELECT count(*) FROM intake_report WHERE status = 'received'), "
            "(SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_casereport), "
            "(SELECT count(DISTINCT report_id) FROM cases_casereport)"
        ).fetchone()  # type: ignore[misc]
        identifiers, shared = connection.execute(
            "SELECT count(*), count(*) - count(DISTINCT (type, value)) FROM intake_sighting"
        ).fetchone()  # type: ignore[misc]
        references = [row[0] for row in connection.execute("SELECT reference FROM intake_report")]
    assert reports == 2000
    # Written as the platform writes them, so that a search by part of one finds it.
    assert all(
        reference == format_reference(int(reference[4:8]), int(reference[9:]))
        for reference in references
    )
    assert 10 <= received <= 80  # about 2 % waiting in the triage queue
    assert cases == 200
    assert linked == distinct_linked > 200  # one case per report at most
    assert 3600 <= identifiers <= 4400
    assert shared > 100
    pages = {row["page"]: row for row in result["pages"]}
    assert {"triage queue", "case list", "API GET /api/v1/triage"} <= set(pages)
    for row in pages.values():
        if row.get("available"):
            assert 0 < row["median_ms"] <= row["p95_ms"]
            assert row["queries"] > 0


@needs_postgresql
def test_audit_suite_writes_and_verifies_a_valid_chain(tmp_path: Path) -> None:
    url = database("vig_bench_smoke_audit")

    result = run_script(
        "audit.py",
        *("--database-url", url, "--events", "2000", "--seconds", "0.5", "--writers", "2"),
        output=tmp_path / "audit.json",
    )

    rates = result["write"]["rates"]
    assert {(r["writers"], r["events_per_transaction"], r["group_commit"]) for r in rates} == {
        (1, 1, False),
        (2, 1, False),
        (1, 20, False),
        (2, 20, False),
        (1, 20, True),
        (2, 20, True),
    }
    assert all(r["events"] > 0 and r["per_second"] > 0 for r in rates)
    written = sum(r["events"] for r in rates)
    assert result["write"]["chain_after_writes"]["events"] == written
    assert result["write"]["chain_after_writes"]["intact"] is True
    # Signed checkpoint over the chain as written, then ``manage.py verify_audit``.
    assert result["write"]["verify_audit"]["passed"] is True
    assert result["write"]["verify_audit"]["verify_audit"] == [f"audit chain OK ({written} events)"]
    assert result["verify"]["intact"] is True
    assert result["verify"]["events"] == written + 2000
    assert result["verify"]["seconds"] >= 0
    assert result["verify"]["peak_rss_mib"] > 0
