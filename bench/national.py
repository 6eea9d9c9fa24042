"""The national-scale benchmark: the staff's pages on 10,000,000 reports, 50,000,000 identifiers
and 1,000,000 cases, with the cluster of a mobile-money account named 100,000 times.

The data is ``bench/workspace_data.py``'s at national size (kept between runs; migrated when
kept). Then, unless ``--read-only``: the account named by every hundredth report
(``workspace_data.HOT_VALUE``) becomes one indicator linked to its sightings (all of them by
default, as if an operator had raised ``INDICATOR_LINK_CAP``: the worst case for the cluster;
``--link-cap`` for the production shape), and the statistics' aggregates are recomputed (timed).

Each page is asked ``--requests`` times after 5 warm-up requests through Django's test client in
this process (the whole request: middleware, view, queries, template), as ``bench/workspace.py``
does, by a triage officer who sees every report, an investigator of the Centre, the ministry's
statistician; then a few of them through gunicorn. Each row has its p50, p95, queries and aim
(p95 under 150 ms; search under 300 ms).

``--read-only`` measures a database that must not change (one being loaded or shared): nothing
is linked or refreshed, the pages run inside one transaction rolled back at the end (the bench
accounts and their sessions included), and gunicorn is not used.

    python bench/national.py [--quick] [--database-url URL] [--read-only] [--json PATH]
        [--pages cluster]
"""

# The SQL below is assembled from this file's constants, never from input.
# ruff: noqa: S608

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench import workspace
from bench.server import Gunicorn, ServerConfig, server_environment
from bench.workspace_data import HOT_VALUE, ensure, loaded_sizes

AIM_MS = 150
AIM_SEARCH_MS = 300
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_national"
SIZES = {"reports": 10_000_000, "cases": 1_000_000, "identifiers": 5}
QUICK_SIZES = {"reports": 20_000, "cases": 2_000, "identifiers": 5}
HOT_TYPE = "momo_account"
COMMON_WORD = "argent"
SEARCHES = ("common word", "partial reference", "partial identifier")


class Rollback(Exception):
    """Raised to roll back a read-only run's transaction."""


def link_hot_value(*, cap: int | None) -> dict[str, Any]:
    """Make ``HOT_VALUE`` one indicator linked to its first ``cap`` sightings by report (all
    with None), counted on every report that names it; Django must be set up."""
    from django.db import connection
    from django.db.models import Count, Max, Min

    from vigilance.indicators.models import Indicator
    from vigilance.intake.models import Sighting

    started = time.monotonic()
    named = Sighting.objects.filter(type=HOT_TYPE, value=HOT_VALUE).aggregate(
        reports=Count("report_id", distinct=True),
        first=Min("report__submitted_at"),
        last=Max("report__submitted_at"),
    )
    indicator, _created = Indicator.objects.get_or_create(
        type=HOT_TYPE,
        value=HOT_VALUE,
        defaults={
            "report_count": named["reports"],
            "reporter_count": named["reports"],
            "first_seen": named["first"],
            "last_seen": named["last"],
            "categories": ["mobile_money_fraud"],
        },
    )
    limit = "" if cap is None else f"ORDER BY report_id LIMIT {int(cap)}"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intake_sighting SET indicator_id = %s WHERE id IN (SELECT id FROM "
            f"intake_sighting WHERE type = %s AND value = %s AND indicator_id IS NULL {limit})",
            [indicator.pk, HOT_TYPE, HOT_VALUE],
        )
        linked = cursor.rowcount
        cursor.execute("ANALYZE intake_sighting")
    return {
        "reports_naming": named["reports"],
        "newly_linked": linked,
        "seconds": round(time.monotonic() - started, 1),
    }


def _hot_report(user: Any) -> str:
    """The public id of the oldest report linked to ``HOT_VALUE`` that ``user`` may see."""
    from vigilance.cases import access
    from vigilance.intake.models import Sighting

    # Not linked (a read-only run on a database this benchmark never prepared): no cluster.
    report_id = (
        Sighting.objects.filter(type=HOT_TYPE, value=HOT_VALUE, indicator__isnull=False)
        .order_by("report_id")
        .values_list("report_id", flat=True)[:500]
    )
    report = access.reports_visible_to(user).filter(pk__in=list(report_id)).order_by("pk").first()
    return str(report.public_id) if report else ""


def _search_terms() -> dict[str, str]:
    """A common word, part of a real reference, part of a real phone number."""
    from vigilance.intake.models import Report, Sighting

    reference = Report.objects.order_by("-pk").values_list("reference", flat=True).first() or ""
    phone = (
        Sighting.objects.filter(type="phone").order_by("-pk").values_list("value", flat=True)[:1]
    )
    return {
        SEARCHES[0]: COMMON_WORD,
        SEARCHES[1]: reference[-7:],
        SEARCHES[2]: (phone[0] if phone else "+237699000000")[-7:],
    }


def _cluster_listing(client: Any, url: str) -> str:
    """The address of the "list them" link of the cluster's largest identifier, if any."""
    answer = client.get(url)
    if answer.status_code != 200:
        return ""
    text = answer.content.decode()
    marker = "?identifier="
    start = text.find(marker)
    if start < 0:
        return ""
    end = text.find('"', start)
    return url + text[start:end].split("#")[0]


Page = tuple[str, Any, Callable[[int], str], int]


def _guarded(follow: Callable[[Any, str], str | None], client: Any, url: str) -> str | None:
    """``follow(client, url)`` in a savepoint: a page that fails there (the statement timeout)
    must not abort a read-only run's transaction."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            return follow(client, url)
    except DatabaseError:
        return None


def pages(chosen: Callable[[str], bool] = lambda name: True) -> list[Page]:
    """(name, client, address of the nth request, aim) of every page timed, or of those whose
    name ``chosen`` accepts (the others are not prepared either)."""
    triage_user = workspace.persona("bench-triage", "coord-triage", "triage_officer")
    investigator_user = workspace.persona("bench-investigator-ce", "dgsn-cyber-ce", "investigator")
    statistician_user = workspace.persona("bench-stats-ministry", "minpostel-stats", "statistician")
    triage = workspace.signed_in_client(triage_user)
    investigator = workspace.signed_in_client(investigator_user)
    statistician = workspace.signed_in_client(statistician_user)
    found: list[Page] = []
    if any(chosen(f"search, {name}") for name in SEARCHES):
        for name, term in _search_terms().items():
            found.append((f"search, {name}", investigator, _fixed(f"/fr/staff/search/?q={term}"),
                          AIM_SEARCH_MS))  # fmt: skip
    if chosen("search, part of the hot identifier"):
        # Seven digits of the account named 100,000 times: the identifier's worst case.
        found.append(("search, part of the hot identifier", investigator,
                      _fixed(f"/fr/staff/search/?q={HOT_VALUE[-7:]}"), AIM_SEARCH_MS))  # fmt: skip
    if chosen("search, common word, narrow unit"):
        # The minors' unit sees about 1 % of reports: a word common elsewhere is rare for it.
        narrow = workspace.signed_in_client(
            workspace.persona("bench-investigator-minors", "dgsn-minors", "investigator")
        )
        found.append(("search, common word, narrow unit", narrow,
                      _fixed(f"/fr/staff/search/?q={COMMON_WORD}"), AIM_SEARCH_MS))  # fmt: skip
    if chosen("search, common word, triage"):
        # The coordination centre sees every report: a word common in them is common for it too.
        found.append(("search, common word, triage", triage,
                      _fixed(f"/fr/staff/search/?q={COMMON_WORD}"), AIM_SEARCH_MS))  # fmt: skip
    found.append(("case list", investigator, _fixed("/fr/staff/cases/"), AIM_MS))
    if chosen("case list, next page"):
        second = _guarded(workspace.next_page, investigator, "/fr/staff/cases/")
        if second:
            found.append(("case list, next page", investigator, _fixed(second), AIM_MS))
    found.append(("triage queue", triage, _fixed("/fr/staff/triage/"), AIM_MS))
    if chosen("triage queue, next page"):
        second = _guarded(workspace.next_page, triage, "/fr/staff/triage/")
        if second:
            found.append(("triage queue, next page", triage, _fixed(second), AIM_MS))
    if chosen("case page"):
        cases, smallest = workspace.large_cases("dgsn-cyber-ce", 20)
        if cases:
            found.append((f"case page ({smallest}+ reports)", investigator,
                          lambda n: f"/fr/staff/cases/{cases[n % len(cases)]}/", AIM_MS))  # fmt: skip
    for who, client, user in (("triage", triage, triage_user), ("investigator", investigator,
                                                                 investigator_user)):  # fmt: skip
        names = [f"cluster of the hot value, {who}", f"cluster API, {who}",
                 f"cluster, one identifier's reports, {who}"]  # fmt: skip
        if not any(map(chosen, names)):
            continue
        report = _hot_report(user)
        if not report:
            continue
        url = f"/fr/staff/reports/{report}/cluster/"
        found.append((names[0], client, _fixed(url), AIM_MS))
        found.append((names[1], client, _fixed(f"/api/v1/staff/reports/{report}/cluster"), AIM_MS))
        listing = _guarded(_cluster_listing, client, url) if chosen(names[2]) else ""
        if listing:
            found.append((names[2], client, _fixed(listing), AIM_MS))
    found.append(("workspace dashboard, investigator", investigator, _fixed("/fr/staff/"), AIM_MS))
    found.append(("workspace dashboard, triage", triage, _fixed("/fr/staff/"), AIM_MS))
    found.append(("statistics dashboard, national", statistician, _fixed("/fr/staff/statistics/"),
                  AIM_MS))  # fmt: skip
    found.append(("statistics API, national", statistician, _fixed("/api/v1/stats/dashboard"),
                  AIM_MS))  # fmt: skip
    return [page for page in found if chosen(page[0])]


def page_filter(words: list[str] | None) -> Callable[[str], bool]:
    """Accepts a page whose name holds one of ``words`` (every page without any), in any case:
    ``cluster`` keeps the cluster's pages, ``investigator`` those of the investigator."""
    if not words:
        return lambda name: True
    lowered = [word.lower() for word in words]

    def chosen(name: str) -> bool:
        return any(all(part in name.lower() for part in word.split()) for word in lowered)

    return chosen


def _fixed(url: str) -> Callable[[int], str]:
    return lambda n: url


def measure_in_process(
    requests: int, *, read_only: bool = False, chosen: Callable[[str], bool] = lambda name: True
) -> tuple[list[dict[str, Any]], list[Page]]:
    from django.db import DatabaseError, transaction

    rows = []
    found = pages(chosen)
    for name, client, urls, aim in found:
        if read_only:
            # Inside the run's one transaction, a page whose query fails (the statement timeout)
            # would abort it for every page after: each page gets a savepoint of its own.
            try:
                with transaction.atomic():
                    row = workspace.time_page(client, name, urls, requests=requests)
            except DatabaseError:
                row = {"page": name, "available": False, "status": "query failed"}
        else:
            row = workspace.time_page(client, name, urls, requests=requests)
        row["aim_ms"] = aim
        rows.append(row)
        print(f"  {name}: {workspace._summary(row)}", flush=True)
    return rows, found


def measure_through_gunicorn(url: str, var_dir: Path, found: list[Page], requests: int) -> list:
    """The same pages from outside, through gunicorn (2 workers x 2 threads)."""
    from bench.requisitions import _summary, time_page

    chosen = {"search, common word", "case list", "cluster of the hot value, investigator",
              "workspace dashboard, investigator", "statistics dashboard, national"}  # fmt: skip
    environment = server_environment(database_url=url, var_dir=var_dir, redis_url="")
    rows = []
    with Gunicorn(ServerConfig(workers=2, threads=2), environment, var_dir / "gunicorn.log") as (
        server
    ):
        server.wait_ready(timeout=300)
        for name, client, urls, aim in found:
            if name not in chosen:
                continue
            cookie = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
            row = time_page(server, f"{name} (gunicorn)", urls(0), cookie, requests=requests)
            row["aim_ms"] = aim
            rows.append(row)
            print(f"  {name} (gunicorn): {_summary(row)}", flush=True)
    return rows


def _setup_django(url: str, *, jit_off: bool) -> Path:
    var_dir = Path(tempfile.mkdtemp(prefix="vigilance-bench-national-"))
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    if jit_off:
        # libpq reads it, here and in gunicorn's workers: as ``ALTER DATABASE … SET jit = off``
        # would do in production (docs/scaling.md), without changing the database.
        os.environ["PGOPTIONS"] = "-c jit=off"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    return var_dir


def _database_size(url: str) -> dict[str, Any]:
    """Bytes of the biggest tables (indexes and TOAST included) and of the whole database."""
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' "
            "ORDER BY 2 DESC LIMIT 12"
        ).fetchall()
        total = connection.execute("SELECT pg_database_size(current_database())").fetchone()
    return {"database_bytes": int(total[0]) if total else 0, "tables": dict(tables)}


def run(options: argparse.Namespace) -> dict[str, Any]:
    sizes = dict(QUICK_SIZES if options.quick else SIZES)
    sizes.update({k: v for k in ("reports", "cases") if (v := getattr(options, k))})
    url = options.database_url
    prepared: dict[str, Any] = {}
    if options.read_only:
        held = loaded_sizes(url) or {}
        if held.get("reports") != sizes["reports"]:
            raise SystemExit(f"{url} does not hold {sizes['reports']} reports (yet): {held}")
        prepared["load_seconds"] = {}
    else:
        prepared["load_seconds"] = ensure(
            url,
            reports=sizes["reports"],
            cases=sizes["cases"],
            identifiers=sizes["identifiers"],
            rebuild=options.rebuild,
        )
    var_dir = _setup_django(url, jit_off=options.jit_off)
    from django.db import transaction

    if not options.read_only:
        from bench.stats_data import refresh

        cap = None if options.link_cap == 0 else options.link_cap
        prepared["hot_value"] = link_hot_value(cap=cap)
        print(f"  hot value linked: {prepared['hot_value']}", flush=True)
        prepared["statistics_refresh"] = refresh()
    # The pages' statements are bounded, not the preparation's (linking 100,000 sightings and
    # recomputing the aggregates take minutes): the next connections are the pages'.
    from django.db import connections
    from django.db.backends.signals import connection_created

    connections.close_all()
    connection_created.connect(workspace._limit_statements)
    load_before = os.getloadavg()
    rows: list[dict[str, Any]] = []
    if options.read_only:
        try:
            with transaction.atomic():
                rows, _found = measure_in_process(
                    options.requests, read_only=True, chosen=page_filter(options.pages)
                )
                raise Rollback
        except Rollback:
            pass
    else:
        rows, found = measure_in_process(options.requests, chosen=page_filter(options.pages))
        try:
            rows += measure_through_gunicorn(url, var_dir, found, options.requests)
        except RuntimeError as error:
            # A loaded machine may not start it in time: the in-process figures still count.
            rows.append({"page": "gunicorn", "available": False, "status": str(error)})
    return {
        "database": url.rsplit("/", 1)[-1],
        **sizes,
        "read_only": options.read_only,
        "jit": "off" if options.jit_off else "server default",
        **prepared,
        "size": _database_size(url),
        "requests_per_page": options.requests,
        "pages_chosen": options.pages or "all",
        "warmup_per_page": workspace.WARMUP,
        "pages": rows,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "verdict": {
            row["page"]: ("met" if _p95(row) < row["aim_ms"] else "missed")
            for row in rows
            if row.get("available")
        },
    }


def _p95(row: dict[str, Any]) -> float:
    return float(row["p95_ms"])


def _p50(row: dict[str, Any]) -> float:
    return float(row.get("median_ms", row.get("p50_ms", 0)))


def print_table(result: dict[str, Any]) -> None:
    print(
        f"\nNational scale ({result['reports']} reports, {result['cases']} cases, "
        f"{result['identifiers']} identifiers per report; {result['requests_per_page']} requests "
        f"each after {result['warmup_per_page']} warm-up; JIT {result['jit']}; load average "
        f"{result['load_average']['before'][0]:.1f} before, "
        f"{result['load_average']['after'][0]:.1f} after)"
    )
    header = f"{'page':<52} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'aim ms':>6}  verdict"
    print(header)
    print("-" * len(header))
    for row in result["pages"]:
        if not row.get("available"):
            print(f"{row['page']:<52} not available (status {row.get('status')})")
            continue
        verdict = "met" if _p95(row) < row["aim_ms"] else "MISSED"
        print(
            f"{row['page']:<52} {_p50(row):>7} {_p95(row):>7} {row.get('queries', '-'):>7} "
            f"{row['aim_ms']:>6}  {verdict}"
        )
    size = result["size"]["database_bytes"] / 1024**3
    print(f"\ndatabase size: {size:.1f} GiB ({result['database']})")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--quick", action="store_true", help="20,000 reports, 5 requests a page")
    parser.add_argument("--requests", type=int, default=30, help="per page")
    parser.add_argument("--read-only", action="store_true", help="change nothing in the database")
    parser.add_argument(
        "--link-cap", type=int, default=0, help="link the hot value's first N reports (0: all)"
    )
    parser.add_argument("--reports", type=int, help="default 10,000,000 (--quick: 20,000)")
    parser.add_argument("--cases", type=int, help="default 1,000,000 (--quick: 2,000)")
    parser.add_argument(
        "--jit-off", action="store_true", help="PostgreSQL's JIT off for the pages' connections"
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    parser.add_argument(
        "--pages",
        action="append",
        metavar="WORDS",
        help="only the pages whose name holds these words (repeatable), e.g. 'cluster'",
    )
    options = parser.parse_args()
    if options.quick:
        options.requests = min(options.requests, 5)
        if options.database_url == DEFAULT_DATABASE:
            options.database_url = DEFAULT_DATABASE + "_quick"
    return options


def main() -> int:
    options = arguments()
    result = run(options)
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0 if all(row.get("available") for row in result["pages"]) else 1


if __name__ == "__main__":
    sys.exit(main())
