"""The MISP feed benchmark: a collection of 100,000 confirmed identifiers, its manifest, one
event and ``hashes.csv`` built as the feed serves them, and the largest event possible (every
identifier confirmed the same day) streamed with its peak Python memory.

The identifiers (phone numbers marked TLP:GREEN, spread over ``--days`` days of confirmation,
plus as many again on one single day in TLP:CLEAR) are written straight into PostgreSQL with
``generate_series`` in a fresh database (kept between runs unless ``--rebuild``).

    python bench/exchange_misp.py [--identifiers 100000] [--days 100] [--json PATH]
"""

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.server import REPO, fresh_database, migrate, server_environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_exchange_misp"
AIM_MANIFEST_MS = 1000
AIM_EVENT_MS = 1000

_INSERT = """
INSERT INTO indicators_indicator (type, value, provider, status, status_changed_at, tlp,
    report_count, reporter_count, verified_reporter_count, categories, first_seen, last_seen,
    is_warning_listed, created_at)
SELECT 'phone', %(prefix)s || lpad(g::text, 8, '0'), 'MTN Cameroon', 'confirmed_fraud',
    date_trunc('day', now()) - (g %% %(days)s) * interval '1 day' + interval '9 hours', %(tlp)s,
    3, 3, 0, '["mobile_money_fraud"]'::jsonb, now() - interval '400 days',
    date_trunc('day', now()) - (g %% %(days)s) * interval '1 day' + interval '8 hours', false, now()
FROM generate_series(1, %(count)s) AS g
"""


def load(url: str, identifiers: int, days: int) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT count(*) FROM indicators_indicator").fetchone()
        if found and found[0] >= 2 * identifiers:
            return
        connection.execute("TRUNCATE indicators_indicator CASCADE")
        connection.execute(
            _INSERT, {"prefix": "+2376", "days": days, "tlp": "green", "count": identifiers}
        )
        connection.execute(
            _INSERT, {"prefix": "+2372", "days": 1, "tlp": "clear", "count": identifiers}
        )
        connection.execute("ANALYZE indicators_indicator")


def timed(work: Any, repeat: int) -> tuple[float, Any]:
    """Median milliseconds of ``work()`` over ``repeat`` runs, and its last answer."""
    times, answer = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = work()
        times.append((time.perf_counter() - start) * 1000)
    return median(times), answer


def measure(repeat: int) -> dict[str, Any]:
    from vigilance.exchange.misp.feed import (
        event_chunks,
        event_file,
        feed_events,
        feed_manifest,
        hashes_lines,
    )
    from vigilance.exchange.models import ExchangeCollection

    green = ExchangeCollection.objects.get(slug="confirmed-green")
    clear = ExchangeCollection.objects.get(slug="confirmed-clear")
    manifest_ms, manifest = timed(lambda: json.dumps(feed_manifest(green)), repeat)
    summaries = feed_events(green)
    middle = summaries[len(summaries) // 2]
    event_ms, event = timed(lambda: "".join(event_chunks(green, middle)), repeat)
    hashes_ms, hashes = timed(lambda: sum(1 for _ in hashes_lines(green)), 1)
    (big,) = feed_events(clear)
    tracemalloc.start()
    start = time.perf_counter()
    size = sum(len(chunk) for chunk in event_chunks(clear, big))
    big_ms = (time.perf_counter() - start) * 1000
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Through the kept files, as the feed serves it: built once, then read.
    first_s, _size = timed(lambda: sum(len(piece) for piece in event_file(clear, big)), 1)
    kept_ms, _size = timed(lambda: sum(len(piece) for piece in event_file(clear, big)), repeat)
    return {
        "events": len(summaries),
        "manifest_ms": round(manifest_ms, 1),
        "manifest_kib": round(len(manifest) / 1024, 1),
        "event_identifiers": middle.count,
        "event_ms": round(event_ms, 1),
        "event_kib": round(len(event) / 1024, 1),
        "hashes_csv_s": round(hashes_ms / 1000, 2),
        "hashes_chunks": hashes,
        "big_event_identifiers": big.count,
        "big_event_s": round(big_ms / 1000, 2),
        "big_event_mib": round(size / 2**20, 1),
        "big_event_peak_python_mib": round(peak / 2**20, 1),
        "big_event_first_pull_s": round(first_s / 1000, 2),
        "big_event_kept_pull_ms": round(kept_ms, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--identifiers", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    var_dir = Path(os.environ.get("TMPDIR", "/tmp")) / "vig-bench-exchange-misp"
    environment = server_environment(
        database_url=options.database_url, var_dir=var_dir, redis_url=""
    )
    try:
        psycopg.connect(options.database_url).close()
        exists = not options.rebuild
    except psycopg.OperationalError:
        exists = False
    if not exists:
        fresh_database(options.database_url)
    migrate(environment)
    load(options.database_url, options.identifiers, options.days)
    environment["EXCHANGE_MISP_CACHE_DIR"] = str(var_dir / "misp-feeds")
    os.environ.update(environment)
    os.chdir(REPO)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    figures = measure(options.repeat)
    figures["identifiers"] = options.identifiers
    print(f"MISP feed of {options.identifiers:,} identifiers over {figures['events']} days:")
    print(f"  manifest.json          {figures['manifest_ms']:>9} ms (aim {AIM_MANIFEST_MS} ms)")
    print(
        f"  one event ({figures['event_identifiers']:,} ids)  {figures['event_ms']:>9} ms "
        f"(aim {AIM_EVENT_MS} ms)"
    )
    print(f"  hashes.csv             {figures['hashes_csv_s']:>9} s")
    print(
        f"  one day of {figures['big_event_identifiers']:,}: {figures['big_event_s']} s, "
        f"{figures['big_event_mib']} MiB streamed, "
        f"peak Python memory {figures['big_event_peak_python_mib']} MiB"
    )
    print(
        f"  the same through the kept file: first pull {figures['big_event_first_pull_s']} s, "
        f"next pulls {figures['big_event_kept_pull_ms']} ms"
    )
    if options.json:
        options.json.write_text(json.dumps({"exchange_misp": figures}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
