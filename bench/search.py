"""The search benchmark: the staff search page on a large PostgreSQL database, and its plans.

Loads (once) the database of ``bench/workspace_data.py``, then prepares what that load lacks for
search: the indicators (each distinct identifier once, as intake makes them), a rare word in
one report in 2,000 and a rare reporter's name in one in 5,000. Times the search page through
Django's test ``Client`` (5 warm-up requests, then ``--requests`` measured) for a common word, a
rare word, a word found nowhere, part of an identifier, part of a reference and part of a name,
as an investigator of ``dgsn-cyber-ce`` (need-to-know applies; each again filtered to that unit)
and, for the common word, as the coordination centre (sees everything). Every query of one request of each search is
then run again under ``EXPLAIN ANALYZE`` to show which indexes serve it.

    python bench/search.py --database-url postgres://.../vig_wt_search_bench \\
        [--reports 300000] [--cases 30000] [--identifiers 5] [--requests 30] [--json PATH]
"""

# The SQL below is this file's constants, never input.
# ruff: noqa: S608

import argparse
import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import percentile
from bench.server import server_environment
from bench.workspace import WARMUP, _limit_statements, persona, signed_in_client
from bench.workspace_data import DEFAULT_DATABASE, ensure

AIM_MS = 300
RARE_WORD = "tontine"
RARE_EVERY = 2000
RARE_NAME = "Awa Mbarga"
RARE_NAME_EVERY = 5000
NOWHERE_WORD = "quetzal"
UNIT = "dgsn-cyber-ce"
EXECUTION_TIME = re.compile(r"Execution Time: ([\d.]+) ms")
INDEX_NAMES = re.compile(r"\b(?:on|using) ([a-z_]+(?:_trgm|_search_document|_lookup|_pkey))\b")


def prepare(url: str) -> dict[str, int]:
    """Indicators for the loaded identifiers and a rare word, made once; their counts."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM indicators_indicator LIMIT 1").fetchone():
            connection.execute(
                "INSERT INTO indicators_indicator (type, value, provider, status, tlp, "
                "report_count, reporter_count, verified_reporter_count, categories, "
                "is_warning_listed, created_at) SELECT type, value, '', 'unverified', 'amber', "
                "count(*), count(*), 0, '[]', false, now() FROM intake_sighting "
                "GROUP BY type, value"
            )
            connection.execute("VACUUM ANALYZE indicators_indicator")
        if not connection.execute(
            f"SELECT 1 FROM intake_report WHERE description LIKE '%{RARE_WORD}%' LIMIT 1"
        ).fetchone():
            connection.execute(
                f"UPDATE intake_report SET description = description || ' Une {RARE_WORD} "
                f"fictive promettait des gains.' WHERE id % {RARE_EVERY} = 0"
            )
            connection.execute("VACUUM ANALYZE intake_report")
        if not connection.execute(
            f"SELECT 1 FROM intake_report WHERE reporter_name = '{RARE_NAME}' LIMIT 1"
        ).fetchone():
            connection.execute(
                f"UPDATE intake_report SET reporter_name = '{RARE_NAME}' "
                f"WHERE id % {RARE_NAME_EVERY} = 1"
            )
            connection.execute("VACUUM ANALYZE intake_report")
        (indicators,) = connection.execute(
            "SELECT count(*) FROM indicators_indicator"
        ).fetchone() or (0,)
        (rare,) = connection.execute(
            f"SELECT count(*) FROM intake_report WHERE id % {RARE_EVERY} = 0"
        ).fetchone() or (0,)
    return {"indicators": int(indicators), "rare_word_reports": int(rare)}


def searches() -> list[tuple[str, str, dict[str, str]]]:
    """(label, persona, parameters) of each timed search, with a phone number and a reference
    taken from the load; the investigator's again filtered to their own unit."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value FROM intake_sighting WHERE type = 'phone' ORDER BY id DESC LIMIT 1"
        )
        (phone,) = cursor.fetchone()
        cursor.execute("SELECT reference FROM intake_report ORDER BY id DESC LIMIT 1")
        (reference,) = cursor.fetchone()
    digits = phone[-9:]
    partial_phone = f"{digits[1:3]} {digits[3:5]} {digits[5:7]}"
    terms = [
        ("common word 'argent'", "argent"),
        (f"rare word '{RARE_WORD}'", RARE_WORD),
        (f"word found nowhere '{NOWHERE_WORD}'", NOWHERE_WORD),
        (f"part of an identifier '{partial_phone}'", partial_phone),
        ("part of an identifier 'promo-12'", "promo-12"),
        (f"part of a reference '{reference[:11]}'", reference[:11]),
        (f"part of a reference '{reference[-6:-1]}'", reference[-6:-1]),
        ("part of a name 'mbarg'", "mbarg"),
    ]
    found = [(label, "investigator", {"q": text}) for label, text in terms]
    found.insert(1, ("common word 'argent' (coordination)", "coordination", {"q": "argent"}))
    found += [
        (f"{label}, unit {UNIT}", "investigator", {"q": text, "unit": UNIT})
        for label, text in terms
    ]
    return found


def _indexes_used(queries: list[dict[str, str]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Every SELECT of one request again under EXPLAIN ANALYZE: the indexes named, the plans."""
    from django.db import connection

    names: set[str] = set()
    plans = []
    for query in queries:
        sql = query["sql"]
        searched = any(mark in sql for mark in ("search_document", "ILIKE", "intake_sighting"))
        if not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")) or not searched:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        names |= set(INDEX_NAMES.findall(plan))
        executed = EXECUTION_TIME.search(plan)
        plans.append(
            {
                "sql": sql[:1500],
                "ms": float(query.get("time") or 0) * 1000,
                "execution_ms": float(executed.group(1)) if executed else None,
                "plan": plan,
            }
        )
    return sorted(names), plans


def time_search(
    client: Any, label: str, parameters: dict[str, str], *, requests: int
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/fr/staff/search/?{urlencode(parameters)}"
    row: dict[str, Any] = {"search": label, "url": url}
    timings = []
    for n in range(WARMUP + requests):
        started = time.perf_counter()
        answer = client.get(url)
        if answer.status_code != 200:
            row.update(available=False, status=answer.status_code)
            return row
        if n >= WARMUP:
            timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url)
    page = answer.content.decode()
    found = re.search(r'<p class="search-meta">([^<]*(?:correspond|match)[^<]*)</p>', page)
    indexes, plans = _indexes_used(captured.captured_queries)
    row.update(
        available=True,
        requests=requests,
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        queries=len(captured.captured_queries),
        query_ms=round(sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000, 1),
        reports_found=found.group(1) if found else "",
        # The search's own statements as the server ran them again, without the round trips.
        search_execution_ms=round(sum(plan["execution_ms"] or 0 for plan in plans), 1),
        indexes=indexes,
        plans=plans,
    )
    return row


def run(*, url: str, reports: int, cases: int, identifiers: int, requests: int) -> dict[str, Any]:
    load = ensure(url, reports=reports, cases=cases, identifiers=identifiers)
    prepared = prepare(url)
    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-bench-search-"))
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from django.db.backends.signals import connection_created

    connection_created.connect(_limit_statements)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    clients = {
        "investigator": signed_in_client(
            persona("bench-investigator-ce", "dgsn-cyber-ce", "investigator")
        ),
        "coordination": signed_in_client(persona("bench-triage", "coord-triage", "triage_officer")),
    }
    load_before = os.getloadavg()
    rows = []
    for label, who, parameters in searches():
        rows.append(time_search(clients[who], label, parameters, requests=requests))
        row = rows[-1]
        if row.get("available"):
            print(
                f"  {label}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, "
                f"{row['queries']} queries, search SQL {row['search_execution_ms']} ms, "
                f"{row['reports_found']!r}, indexes {row['indexes']}",
                flush=True,
            )
        else:
            print(f"  {label}: not available (status {row.get('status')})", flush=True)
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": reports,
        "cases": cases,
        "identifiers_per_report": identifiers,
        "load_seconds": load,
        "prepared": prepared,
        "requests_per_search": requests,
        "aim_ms": AIM_MS,
        "searches": rows,
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nSearch ({result['reports']} reports, {result['cases']} cases, "
        f"{result['prepared']['indicators']} distinct identifiers; "
        f"{result['requests_per_search']} requests each; load {result['load_average']})"
    )
    header = f"{'search':<44} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'SQL ms':>7}  aim"
    print(header)
    print("-" * len(header))
    for row in result["searches"]:
        if not row.get("available"):
            print(f"{row['search']:<44} not available (status {row.get('status')})")
            continue
        verdict = "met" if row["p95_ms"] < AIM_MS else "MISSED"
        print(
            f"{row['search']:<44} {row['median_ms']:>9} {row['p95_ms']:>7} "
            f"{row['queries']:>7} {row['search_execution_ms']:>7}  {verdict}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--identifiers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write the figures and plans there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        reports=options.reports,
        cases=options.cases,
        identifiers=options.identifiers,
        requests=options.requests,
    )
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
