"""The monthly partitions' conversion, timed on a loaded database, and pruning checked.

On a database from ``bench/workspace_data.py`` (migrated, so already partitioned, its rows
mostly in DEFAULT since the load dates them over three years), each partitioned table is turned
back into a plain table and then partitioned again with the very function and arguments the
migrations use (``core/partitions/convert.py``), each in one transaction: rows per second of
each direction. Then a query by month of the sightings is explained, to show that only that
month's partition is read.

    python bench/partitions.py [--database-url postgres://postgres@127.0.0.1:5432/vig_wt_partitions_bench]
"""

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench.server import server_environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_wt_partitions_bench"
# The workspace load writes no audit events nor look-up tallies: rows generated here, spread over
# three years, for the conversion to copy (their hashes are placeholders, never verified).
FILLERS = {
    "audit_auditevent": "INSERT INTO audit_auditevent (sequence, at, actor_label, organisation, "
    "action, object_type, object_id, address, details, previous_hash, hash, key_id, seal) "
    "SELECT n, now() - (n %% 1095) * interval '1 day', 'job:bench', '', 'bench.filler', 'thing', "
    "n::text, '', '{}', md5(n::text), md5((n + 1)::text), '', '' "
    "FROM generate_series(1, %s) n",
    "indicators_lookuptally": "INSERT INTO indicators_lookuptally (day, type, value, count) "
    "SELECT current_date - (n %% 1095), 'phone', '+2376' || lpad((n / 1095)::text, 8, '0'), 1 "
    "FROM generate_series(1, %s) n",
}
MONTH_QUERY = (
    "SELECT count(*) FROM intake_sighting WHERE created_at >= '2025-03-01 00:00+00' "
    "AND created_at < '2025-04-01 00:00+00' AND type = 'phone'"
)


def measure(database_url: str, filler_rows: int) -> dict[str, object]:
    os.environ.update(
        server_environment(
            database_url=database_url, var_dir=Path(tempfile.mkdtemp()) / "var", redis_url=""
        )
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from vigilance.core.partitions import PARTITIONED_TABLES, catalog, convert

    intake = importlib.import_module(
        "vigilance.intake.migrations.0014_sighting_created_at_and_monthly_partitions"
    )
    extra = {
        "intake_sighting": {
            "fill": intake.SIGHTING_FILL,
            "join": intake.SIGHTING_JOIN,
            "bounds_sql": intake.SIGHTING_BOUNDS,
        }
    }
    results: dict[str, object] = {}
    for table, key in PARTITIONED_TABLES.items():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            rows = cursor.fetchone()[0]
            if not rows and table in FILLERS:
                cursor.execute(FILLERS[table], [filler_rows])
                rows = filler_rows
        started = time.monotonic()
        with transaction.atomic():
            convert.table_unpartition(connection, table=table, key=key)
        back = time.monotonic() - started
        started = time.monotonic()
        with transaction.atomic():
            convert.table_partition(connection, table=table, key=key, **extra.get(table, {}))
        forward = time.monotonic() - started
        with connection.cursor() as cursor:
            partitions = len(catalog.partitions_of(cursor, table))
            cursor.execute(f"ANALYZE {table}")
        results[table] = {
            "rows": rows,
            "partitions": partitions,
            "partition_seconds": round(forward, 1),
            "partition_rows_per_second": round(rows / forward) if forward else None,
            "unpartition_seconds": round(back, 1),
        }
        print(table, results[table], flush=True)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + MONTH_QUERY)
        plan = [row[0] for row in cursor.fetchall()]
    scanned = sorted({word for line in plan for word in line.split() if "intake_sighting_" in word})
    results["month_query_partitions_scanned"] = scanned
    results["month_query_plan"] = plan
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--filler-rows", type=int, default=300_000, help="audit events and tallies, if none"
    )
    arguments = parser.parse_args()
    with open("/proc/loadavg") as loadavg:
        load_before = loadavg.read().split()[:3]
    results = measure(arguments.database_url, arguments.filler_rows)
    with open("/proc/loadavg") as loadavg:
        results["load_average_before_after"] = [load_before, loadavg.read().split()[:3]]
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
