"""The STIX export benchmark run end to end on a tiny size: it loads confirmed indicators,
publishes a sample through the service, copies its rows for the rest, and exports them all as
one bundle in a process of its own.

It drives its own PostgreSQL database (``vig_bench_smoke_exchange_export`` on the test
database's server), so it runs only when the tests run on PostgreSQL."""

from pathlib import Path

import psycopg
import pytest
from bench.exchange_export import AIM_EXTRA_MIB

from tests.bench.test_bench_suites import database, needs_postgresql, run_script

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@needs_postgresql
def test_export_suite_publishes_copies_and_exports_every_object(tmp_path: Path) -> None:
    url = database("vig_bench_smoke_exchange_export")

    result = run_script(
        "exchange_export.py",
        *("--database-url", url, "--indicators", "400", "--published", "100", "--rebuild"),
        output=tmp_path / "export.json",
    )

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM indicators_indicator), "
            "(SELECT count(*) FROM exchange_exchangeobject WHERE tlp = 'red')"
        ).fetchone()
    assert row == (400, 0)
    # Four objects for each of the 99 published (one is RED), four copies of them, and the
    # ten common objects: all of them in the bundle.
    assert result["stored_objects"] == 10 + 4 * 99 * 4
    assert result["export_objects"] == result["stored_objects"]
    assert result["published_indicators_per_second"] > 0
    # Two processes: the export of 1,600 objects stays within the aim of the common objects'
    # export (the two may differ by a few pages either way).
    assert result["peak_rss_mib"] > 0
    assert result["baseline_rss_mib"] > 0
    assert result["peak_rss_mib"] - result["baseline_rss_mib"] < AIM_EXTRA_MIB
