"""The workspace benchmark: time to render the staff pages on a large PostgreSQL database.

Loads (once) the database of ``bench/workspace_data.py``, makes two persona accounts in it (a
triage officer of ``coord-triage``, an investigator of ``dgsn-cyber-ce``, a unit that owns many
cases), signs each in with a verified one-time code, and times GETs through Django's test
``Client`` in this process (the whole request: middleware, view, queries, template): 5 warm-up
requests, then ``--requests`` measured, per page. A page that does not answer 200 (not written
yet, or failing) is recorded as not available. For a page slower than the aim the slowest query
is explained (``EXPLAIN (ANALYZE, BUFFERS)``) and the plan kept in the results.

    python bench/workspace.py [--reports 1000000] [--cases 100000] [--requests 50] [--json PATH]
"""

import argparse
import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import percentile
from bench.server import server_environment
from bench.workspace_data import DEFAULT_DATABASE, ensure

AIM_MS = 150
# A query running longer than this fails its request (answered 500, recorded as not available):
# one pathological page must not hold the whole run.
STATEMENT_TIMEOUT_MS = 20_000
WARMUP = 5
SEARCH_WORD = "argent"
PASSWORD = "correct horse battery staple 42"  # noqa: S105 (a bench account on a bench database)
NEXT_PAGE = re.compile(r'href="([^"]*[?&](?:amp;)?(?:after|cursor|page)=[^"]*)"')


def persona(username: str, unit_code: str, role: str) -> Any:
    """The bench account ``username`` in ``unit_code`` with ``role``, made once."""
    from vigilance.accounts import services
    from vigilance.accounts.models import Unit, User

    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    user = services.user_create_staff(
        username=username,
        email=f"{username}@example.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [role]
    user.save()
    return user


def signed_in_client(user: Any) -> Any:
    """A test client signed in with a password and a verified one-time code, as
    ``tests/personas.py`` does."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from vigilance.accounts import services

    client = Client(raise_request_exception=False)
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, name=services.AUTHENTICATOR_NAME)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    try:
        from vigilance.accounts import reauth

        session[reauth.AUTHENTICATED_AT_SESSION_KEY] = int(time.time())
    except (ImportError, AttributeError):
        pass
    session.save()
    return client


def _explain_slowest(queries: list[dict[str, str]]) -> dict[str, Any]:
    """The slowest query of one request and its plan, run again under EXPLAIN ANALYZE."""
    from django.db import connection

    slowest = max(queries, key=lambda q: float(q.get("time") or 0))
    plan = ""
    if slowest["sql"].lstrip().upper().startswith("SELECT"):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "sql": slowest["sql"][:2000],
        "ms": round(float(slowest.get("time") or 0) * 1000, 1),
        "plan": plan,
    }


def time_page(
    client: Any, name: str, urls: Callable[[int], str], *, requests: int
) -> dict[str, Any]:
    """Median and p95 milliseconds of ``requests`` GETs after the warm-up; queries per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = urls(0)
    row: dict[str, Any] = {"page": name, "url": url}
    for n in range(WARMUP):
        started = time.perf_counter()
        answer = client.get(urls(requests + n))
        if answer.status_code != 200:
            row.update(available=False, status=answer.status_code)
            row["ms"] = round((time.perf_counter() - started) * 1000, 1)
            return row
    timings = []
    for n in range(requests):
        started = time.perf_counter()
        answer = client.get(urls(n))
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            row.update(available=False, status=answer.status_code, url=urls(n))
            return row
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    row.update(
        available=True,
        status=200,
        requests=requests,
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        max_ms=round(max(timings), 1),
        queries=len(captured.captured_queries),
        query_ms=round(sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000, 1),
        bytes=len(answer.content),
    )
    if row["p95_ms"] > AIM_MS and captured.captured_queries:
        row["slowest_query"] = _explain_slowest(captured.captured_queries)
    return row


def large_cases(unit_code: str, count: int) -> tuple[list[str], int]:
    """Public ids of the ``count`` cases of the unit with the most reports (20 at most), and the
    number of reports of the smallest of them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.public_id, count(*) FROM cases_case c JOIN accounts_unit u ON u.id = c.owning_unit_id "
            "JOIN cases_casereport r ON r.case_id = c.id WHERE u.code = %s GROUP BY c.id "
            "ORDER BY count(*) DESC, c.id LIMIT %s",
            [unit_code, count],
        )
        rows = cursor.fetchall()
    return [str(row[0]) for row in rows], min((int(row[1]) for row in rows), default=0)


def _summary(row: dict[str, Any]) -> str:
    if not row.get("available"):
        return f"not available (status {row.get('status')})"
    return f"median {row['median_ms']} ms, p95 {row['p95_ms']} ms, {row['queries']} queries"


def _limit_statements(connection: Any, **kwargs: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")


def next_page(client: Any, url: str) -> str | None:
    """The address of the next page linked from ``url`` (a keyset or page link), if any."""
    answer = client.get(url)
    if answer.status_code != 200:
        return None
    for link in NEXT_PAGE.findall(answer.content.decode()):
        link = unescape(link)
        return link if link.startswith("/") else url.split("?")[0] + link
    return None


def measure(*, requests: int) -> list[dict[str, Any]]:
    triage = signed_in_client(persona("bench-triage", "coord-triage", "triage_officer"))
    investigator = signed_in_client(
        persona("bench-investigator-ce", "dgsn-cyber-ce", "investigator")
    )
    cases, smallest = large_cases("dgsn-cyber-ce", requests + WARMUP)

    def case_page(n: int) -> str:
        return f"/fr/staff/cases/{cases[n % len(cases)]}/"

    def case_api(n: int) -> str:
        return f"/api/v1/cases/{cases[n % len(cases)]}"

    pages: list[tuple[str, Any, Callable[[int], str]]] = [
        ("triage queue", triage, lambda n: "/fr/staff/triage/"),
    ]
    second = next_page(triage, "/fr/staff/triage/")
    if second:
        pages.append(("triage queue, page 2", triage, lambda n: second))
    pages += [
        (f"case page ({smallest}+ reports each)", investigator, case_page),
        ("case list", investigator, lambda n: "/fr/staff/cases/"),
        (f"search '{SEARCH_WORD}'", investigator, lambda n: f"/fr/staff/search/?q={SEARCH_WORD}"),
        ("API GET /api/v1/triage", triage, lambda n: "/api/v1/triage"),
        ("API GET /api/v1/cases/{id}", investigator, case_api),
    ]
    rows = []
    for name, client, urls in pages:
        rows.append(time_page(client, name, urls, requests=requests))
        print(f"  {name}: {_summary(rows[-1])}", flush=True)
    if not second:
        rows.insert(1, {"page": "triage queue, page 2", "available": False, "status": "no link"})
    return rows


def run(
    *,
    url: str = DEFAULT_DATABASE,
    reports: int,
    cases: int,
    requests: int,
    rebuild: bool = False,
    identifiers: int = 2,
) -> dict[str, Any]:
    """Load the data if needed, then time the pages; the figures as a dict."""
    load = ensure(url, reports=reports, cases=cases, rebuild=rebuild, identifiers=identifiers)
    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-bench-workspace-"))
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    from django.db.backends.signals import connection_created

    connection_created.connect(_limit_statements)
    # A failing page is recorded in the table; its traceback would drown it.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    load_before = os.getloadavg()
    rows = measure(requests=requests)
    available = [row for row in rows if row.get("available")]
    return {
        "database": url.rsplit("/", 1)[-1],
        "reports": reports,
        "cases": cases,
        "load_seconds": load,
        "requests_per_page": requests,
        "warmup_per_page": WARMUP,
        "pages": rows,
        "aim_ms": AIM_MS,
        # The machine is shared: its load before and after tells how much the figures may drift.
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "verdict": {
            row["page"]: ("met" if row["p95_ms"] < AIM_MS else "missed") for row in available
        },
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nWorkspace pages ({result['reports']} reports, {result['cases']} cases; "
        f"{result['requests_per_page']} requests each after {result['warmup_per_page']} warm-up)"
    )
    header = f"{'page':<36} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'SQL ms':>7}  aim"
    print(header)
    print("-" * len(header))
    for row in result["pages"]:
        if not row.get("available"):
            print(f"{row['page']:<36} not available (status {row.get('status')})")
            continue
        verdict = "met" if row["p95_ms"] < AIM_MS else "MISSED"
        print(
            f"{row['page']:<36} {row['median_ms']:>9} {row['p95_ms']:>7} {row['queries']:>7} "
            f"{row['query_ms']:>7}  {verdict}"
        )
        if "slowest_query" in row:
            print(f"{'':<36} slowest query {row['slowest_query']['ms']} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--identifiers", type=int, default=2, help="per report, on average")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        reports=options.reports,
        cases=options.cases,
        requests=options.requests,
        rebuild=options.rebuild,
        identifiers=options.identifiers,
    )
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
