"""The indicators benchmark suite, end to end on a tiny database (PostgreSQL only).

Loads 2,000 reports naming 10,000 identifiers into ``vig_bench_smoke_indicators`` on the test
database's server, serves the look-ups with gunicorn (project and bare app) under ``wrk``, times
linking and a dry-run import of 3,000 rows.
"""

import os
import shutil
from pathlib import Path

import psycopg
import pytest
from bench.indicators import write_csv
from bench.indicators_data import phone_of

from tests.bench.test_bench_suites import database, needs_postgresql, run_script

REPO = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.slow


def test_generated_csv_mixes_types_and_about_five_percent_invalid(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    write_csv(path, 2000)

    lines = path.read_text().splitlines()
    assert lines[0] == "type,value,provider"
    assert len(lines) == 2001
    kinds = {line.split(",")[0] for line in lines[1:]}
    assert {"phone", "momo_account", "email", "url"} <= kinds
    invalid = [line for line in lines[1:] if line.split(",")[1] in ("12345", "not-an-address", "", "35 2099")]  # fmt: skip
    assert 60 <= len(invalid) <= 140


def test_phone_of_gives_distinct_valid_numbers() -> None:
    from vigilance.indicators.normalise import normalise

    numbers = {phone_of(rank) for rank in range(1000) if rank % 10 < 6}
    assert len(numbers) == 600
    assert all(normalise("phone", n).value == n for n in list(numbers)[:50])


@needs_postgresql
@pytest.mark.skipif(shutil.which("wrk") is None, reason="the look-ups are driven by wrk")
def test_indicators_suite_runs_on_a_tiny_database(tmp_path: Path) -> None:
    url = database("vig_bench_smoke_indicators")

    result = run_script(
        "indicators.py",
        *("--database-url", url, "--redis-url", REDIS, "--reports", "2000", "--rebuild"),
        *("--duration", "1", "--warmup", "1", "--import-rows", "3000", "--link-reports", "5"),
        *("--lookup-values", "200", "--profile-requests", "10"),
        output=tmp_path / "indicators.json",
    )

    with psycopg.connect(url) as connection:
        sightings, linked, indicators, counted = connection.execute(
            "SELECT (SELECT count(*) FROM intake_sighting), "
            "(SELECT count(indicator_id) FROM intake_sighting), "
            "(SELECT count(*) FROM indicators_indicator), "
            "(SELECT sum(report_count) FROM indicators_indicator)"
        ).fetchone()  # type: ignore[misc]
    assert sightings == 10_000
    assert indicators == 2000
    assert counted == sightings  # every sighting counted once, linked or past the cap
    assert linked <= sightings
    for name in ("project", "raw"):
        lookups = result["lookups"][name]
        assert lookups["requests"] > 0
        assert lookups["errors"] == 0
        assert lookups["latency_ms"]["p50"] <= lookups["latency_ms"]["p99"]
        assert all(worker["rss_mib"] > 0 for worker in lookups["workers"])
    assert '"status"' in result["lookups"]["project"]["sample_answer"]
    assert result["linking"]["sightings_link_and_insert"]["count"] == 5
    assert result["linking"]["report_submit_5_identifiers"]["median_ms"] > 0
    imported = result["bulk_import"]
    assert imported["exit"] == 0, imported["stderr_tail"]
    assert "3000 rows read" in imported["summary"] or "3000 lignes" in imported["summary"]
    assert set(result["hot_path_ms"]) >= {"normalise", "whole request (test client)"}


def test_raw_lookup_app_answers_health_and_refuses_a_missing_value() -> None:
    from bench.raw_lookup_app import app

    answers: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answers.append(status)

    body = b"".join(app({"PATH_INFO": "/healthz"}, start_response))
    assert body == b'{"ok": true}'
    list(app({"PATH_INFO": "/api/v1/lookup", "QUERY_STRING": "type=phone"}, start_response))
    assert answers == ["200 OK", "400 Bad Request"]
