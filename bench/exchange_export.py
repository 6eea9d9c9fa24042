"""The STIX export benchmark: a full export of the published objects of 1,000,000 confirmed
indicators, its time and its peak memory; and the publishing rate.

Creates its own PostgreSQL database and loads confirmed-fraud indicators with
``generate_series`` (phone numbers, e-mail addresses, URLs and mobile-money accounts; 9 in 10
GREEN, 1 in 10 AMBER, 1 in 100 RED). The first ``--published`` are published by the service
itself (``exchange_publish --full``: four STIX objects each, built by the ``stix2`` library),
which gives the publishing rate; building a million that way takes hours on a small machine, so
the objects of the other indicators are copies of those rows made in SQL (fresh ids, same
sizes), enough to time reading and streaming them. Then ``exchange_export --tlp amber`` runs in
a process of its own, and once at ``--tlp clear`` (the common objects only), whose peak
resident memory is the baseline: an export whose memory is flat peaks at about the same.

    python bench/exchange_export.py [--indicators 1000000] [--published 10000] [--rebuild]
        [--json PATH]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.server import BIN, REPO, fresh_database, migrate, server_environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_exchange_export"
AIM_SECONDS = 120.0
# An export that holds the objects in memory grows with them; a streamed one stays near the
# baseline (Django, the stix2 library and one chunk of rows).
AIM_EXTRA_MIB = 64.0

LOAD = """
INSERT INTO indicators_indicator (type, value, provider, status, status_changed_at, tlp,
    report_count, reporter_count, verified_reporter_count, categories, first_seen, last_seen,
    is_warning_listed, created_at)
SELECT kind,
       CASE kind
         WHEN 'phone' THEN '+2376' || lpad(i::text, 8, '0')
         WHEN 'momo_account' THEN '+2376' || lpad((i + 50000000)::text, 8, '0')
         WHEN 'email' THEN 'agent' || i || '@fraud.example'
         ELSE 'https://pay-' || i || '.fraud.example/login' END,
       '', 'confirmed_fraud', now() - (i %% 86400) * interval '1 second',
       CASE WHEN i %% 100 = 0 THEN 'red' WHEN i %% 10 = 0 THEN 'amber' ELSE 'green' END,
       1 + i %% 17, 1 + i %% 11, i %% 5, '["mobile_money_fraud"]',
       now() - interval '90 days', now() - (i %% 90) * interval '1 day', false, now()
FROM generate_series(%s::bigint, %s::bigint) AS i,
     LATERAL (SELECT (ARRAY['phone', 'email', 'url', 'momo_account'])[1 + i %% 4] AS kind) k
"""


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


# The objects of indicators ``first``..``last``: copies of the published (non-common) rows, the
# k-th copy with ids and values made unique by k, as many copies as needed.
COPY = """
INSERT INTO exchange_exchangeobject (stix_id, type, version, date_added, tlp, is_common,
    is_latest, source_key, content_hash, body)
SELECT split_part(o.stix_id, '--', 1) || '--' || md5(o.stix_id || ':' || k)::uuid,
       o.type, o.version, now(), o.tlp, false, true, o.source_key || ':' || k,
       md5(o.content_hash || k) || md5(o.content_hash || k || 'x'),
       replace(o.body, split_part(o.stix_id, '--', 2), md5(o.stix_id || ':' || k)::uuid::text)
FROM generate_series(1, %s::int) AS k, exchange_exchangeobject o
WHERE NOT o.is_common AND o.id <= %s
"""


def ensure(
    url: str, environment: dict[str, str], *, indicators: int, published: int, rebuild: bool
) -> float:
    """Load the indicators and their objects, once; seconds spent publishing (0 if kept)."""
    try:
        loaded = _count(url, "indicators_indicator")
        objects = _count(url, "exchange_exchangeobject")
    except psycopg.Error:
        loaded = objects = -1
    if not rebuild and loaded == indicators and objects > 0:
        return 0.0
    fresh_database(url)
    migrate(environment)
    with psycopg.connect(url) as connection:
        connection.execute(LOAD, [1, published])
        connection.execute("ANALYZE indicators_indicator")
    started = time.perf_counter()
    _manage(environment, "exchange_publish", "--full")
    seconds = time.perf_counter() - started
    copies = max(0, -(-indicators // published) - 1)
    with psycopg.connect(url) as connection:
        if indicators > published:
            connection.execute(LOAD, [published + 1, indicators])
        last = connection.execute("SELECT max(id) FROM exchange_exchangeobject").fetchone()
        if copies and last:
            connection.execute(COPY, [copies, last[0]])
        connection.execute("ANALYZE")
    return seconds


def _manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=REPO,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _export(environment: dict[str, str], tlp: str, out: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of one ``exchange_export`` process."""
    script = (
        "import resource, sys, time, django, os;"
        "django.setup();"
        "from django.core.management import call_command;"
        "t = time.perf_counter();"
        f"call_command('exchange_export', '--tlp', '{tlp}', '--out', sys.argv[1]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [str(BIN / "python"), "-c", script, str(out)],
        cwd=REPO,
        env={**environment, "DJANGO_SETTINGS_MODULE": "vigilance.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kib = done.stdout.split()[-2:]
    return float(seconds), int(peak_kib) / 1024


def _bundle_objects(path: Path) -> int:
    """Objects in the written bundle, counted by streaming it (ijson), which also proves the
    file is one well-formed JSON document."""
    import ijson

    with path.open("rb") as handle:
        return sum(1 for _ in ijson.items(handle, "objects.item.type"))


def run(*, url: str, indicators: int, published: int, rebuild: bool) -> dict[str, Any]:
    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-bench-export-"))
    environment = server_environment(database_url=url, var_dir=var_dir, redis_url="")
    environment.setdefault("PYTHONPATH", str(REPO / "src"))
    publish_seconds = ensure(
        url, environment, indicators=indicators, published=published, rebuild=rebuild
    )
    stored = _count(url, "exchange_exchangeobject")
    baseline_seconds, baseline_mib = _export(environment, "clear", var_dir / "clear.json")
    seconds, peak_mib = _export(environment, "amber", var_dir / "amber.json")
    size = (var_dir / "amber.json").stat().st_size
    objects = _bundle_objects(var_dir / "amber.json")
    verdict = seconds < AIM_SECONDS and peak_mib - baseline_mib < AIM_EXTRA_MIB
    result = {
        "database": url.rsplit("/", 1)[-1],
        "indicators": indicators,
        "published_by_the_service": published,
        "publish_seconds": round(publish_seconds, 1),
        "published_indicators_per_second": (
            round(published / publish_seconds, 1) if publish_seconds else None
        ),
        "stored_objects": stored,
        "export_objects": objects,
        "export_mib": round(size / 2**20, 1),
        "export_seconds": round(seconds, 1),
        "objects_per_second": round(objects / seconds) if seconds else 0,
        "peak_rss_mib": round(peak_mib, 1),
        "baseline_rss_mib": round(baseline_mib, 1),
        "baseline_seconds": round(baseline_seconds, 2),
        "aim_seconds": AIM_SECONDS,
        "aim_extra_mib": AIM_EXTRA_MIB,
        "verdict": "met" if verdict else "missed",
        "load_average": os.getloadavg(),
        "bench_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for leftover in var_dir.glob("*.json"):
        leftover.unlink()
    return result


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nSTIX export ({result['indicators']} confirmed indicators, "
        f"{result['stored_objects']} stored objects)"
    )
    if result["publish_seconds"]:
        print(
            f"publishing {result['published_by_the_service']} indicators "
            f"(exchange_publish --full): {result['publish_seconds']} s, "
            f"{result['published_indicators_per_second']} indicators/s"
        )
    print(
        f"export --tlp amber: {result['export_objects']} objects, {result['export_mib']} MiB in "
        f"{result['export_seconds']} s ({result['objects_per_second']} objects/s); peak RSS "
        f"{result['peak_rss_mib']} MiB against {result['baseline_rss_mib']} MiB for the common "
        f"objects alone (aim under {result['aim_seconds']} s and "
        f"+{result['aim_extra_mib']} MiB: {result['verdict']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--indicators", type=int, default=1_000_000)
    parser.add_argument(
        "--published", type=int, default=10_000, help="indicators published by the service"
    )
    parser.add_argument("--rebuild", action="store_true", help="load and publish again")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        indicators=options.indicators,
        published=min(options.published, options.indicators),
        rebuild=options.rebuild,
    )
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["verdict"] == "met" else 1


if __name__ == "__main__":
    sys.exit(main())
