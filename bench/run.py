"""``make bench``: every suite below, or one with ``--suite``. Each suite prints a table; the
figures are merged into bench/results/latest.json (``--quick``: quick.json).

- ``reports``: a fresh PostgreSQL database served by gunicorn; varied reports (three identifiers
  each, then each with a ~200 KB picture) filed for a fixed window; every acknowledged report
  must be committed. With ``--redis-url`` (the default) a Celery worker beside gunicorn sends
  the confirmations, and the suite waits for the queue to drain and checks each acknowledged
  report has its SMS (``bench/report_confirmations.py``).
- ``workspace`` (``bench/workspace.py``): staff pages on 1,000,000 reports and 100,000 cases
  (loaded once by ``bench/workspace_data.py``).
- ``audit`` (``bench/audit.py``): events written per second with the chain, one by one and in
  group commits, then ``audit_chain_verify`` over 1,000,000 events.
- ``indicators`` (``bench/indicators.py``): public look-ups per second against a bare WSGI app,
  linking new reports, the bulk import of 1,000,000 identifiers.
- ``receipts`` (``bench/receipts.py``): the seeding of ``make run``, then signed receipts through
  gunicorn on SQLite.
- ``requisitions`` (``bench/requisitions.py``): the partner desk, the overdue list and the partner
  API on 1,000,000 requisitions and 100,000 freezes.
- ``freezes`` (``bench/freeze_latency.py``): a fraud report's triage to its freeze on the
  issuer's desk, with a Celery worker.
- ``waves`` (``bench/waves.py``): one scam-wave detection run.
- ``alerts`` (``bench/alert_delivery.py``): one alert to 100,000 SMS subscribers through a Celery
  worker killed half-way.
- ``stats`` (``bench/stats.py``): the statistics dashboards and the aggregates' refresh on
  1,000,000 reports.
- ``exchange_export``, ``misp``, ``exchange_import``, ``taxii``: the STIX export of 1,000,000
  indicators, MISP feeds and imports, a partner's STIX bundle, TAXII 2.1 pages.
- ``lookup`` (``bench/lookup.py``): the public look-up and a bare WSGI app doing the same read,
  side by side in one run, round after round.
- ``search`` (``bench/search.py``): staff search on a database of its own.
- ``national`` (``bench/national.py``): search, lists, the case page, the cluster of a value
  named 100,000 times and the dashboards on 10,000,000 reports.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# Run as a script (``python bench/run.py``): make ``bench.*`` importable from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.client import LoadResult, run_load
from bench.report_confirmations import (
    Worker,
    confirmations_in_outbox,
    freezes_at_arrival,
    wait_drained,
)
from bench.server import (
    BIN,
    REPO,
    Gunicorn,
    ServerConfig,
    count_reports,
    fresh_database,
    machine_cpu,
    migrate,
    named_processes_cpu_seconds,
    postgres_cpu_seconds,
    process_memory,
    server_environment,
)
from bench.workload import noise_png

AIM_REPORTS_PER_SECOND = 200
AIM_WORKER_MIB = 150
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench"
RESULTS = REPO / "bench" / "results" / "latest.json"
QUICK_RESULTS = REPO / "bench" / "results" / "quick.json"
SUITES = (
    "reports",
    "workspace",
    "audit",
    "indicators",
    "receipts",
    "requisitions",
    "freezes",
    "waves",
    "alerts",
    "stats",
    "exchange_export",
    "misp",
    "exchange_import",
    "taxii",
    "lookup",
    "search",
    "national",
)
WORKSPACE_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_workspace"
# Search adds indicators and a rare word to its data: a database of its own.
SEARCH_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_search"
AUDIT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_audit"
INDICATORS_DATABASE = "postgres://postgres@127.0.0.1:5432/vigilance_bench_indicators"
REQUISITIONS_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_requisitions"
STATS_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_stats"
EXCHANGE_EXPORT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_exchange_export"
TAXII_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_exchange_taxii"
# The reports suite's broker: a Redis database of its own, emptied at each run.
REPORTS_REDIS = "redis://127.0.0.1:6379/13"


def parse_config(text: str) -> ServerConfig:
    workers, _sep, threads = text.lower().partition("x")
    return ServerConfig(workers=int(workers), threads=int(threads or 1))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds, to check it works")
    parser.add_argument(
        "--config",
        action="append",
        type=parse_config,
        help="gunicorn workers x threads, e.g. 2x4 (repeat to compare; default 3x4)",
    )
    parser.add_argument("--duration", type=float, default=15.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--client-threads", type=int, default=8, help="per client process")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--redis-url",
        default=REPORTS_REDIS,
        help="confirmations queued in this Redis and sent by a Celery worker started beside "
        "gunicorn, as in production ('' : sent in-process, no worker)",
    )
    parser.add_argument("--worker-concurrency", type=int, default=1, help="Celery worker pool")
    parser.add_argument("--output", type=Path, help="default bench/results/latest.json")
    parser.add_argument("--suite", choices=[*SUITES, "all"], default="all")
    parser.add_argument("--workspace-database-url", default=WORKSPACE_DATABASE)
    parser.add_argument("--workspace-reports", type=int, default=1_000_000)
    parser.add_argument("--workspace-cases", type=int, default=100_000)
    parser.add_argument("--workspace-requests", type=int, default=50, help="per page")
    parser.add_argument("--rebuild", action="store_true", help="load the workspace data again")
    parser.add_argument("--audit-database-url", default=AUDIT_DATABASE)
    parser.add_argument("--audit-events", type=int, default=1_000_000, help="chain to verify")
    parser.add_argument("--audit-seconds", type=float, default=10.0, help="per write run")
    parser.add_argument("--audit-writers", type=int, default=4)
    parser.add_argument("--indicators-database-url", default=INDICATORS_DATABASE)
    parser.add_argument("--indicators-reports", type=int, default=2_000_000)
    parser.add_argument("--indicators-import-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--indicators-redis-url", default="redis://127.0.0.1:6379/15", help="look-up server"
    )
    parser.add_argument("--requisitions-database-url", default=REQUISITIONS_DATABASE)
    parser.add_argument("--requisitions", type=int, default=1_000_000)
    parser.add_argument("--freezes", type=int, default=100_000)
    parser.add_argument("--stats-database-url", default=STATS_DATABASE)
    options = parser.parse_args()
    if options.quick:
        options.duration, options.warmup = 2.0, 0.5
        options.client_processes, options.client_threads = 1, 4
        # A small workspace of its own, so that the big one is kept.
        if options.workspace_database_url == WORKSPACE_DATABASE:
            options.workspace_database_url = WORKSPACE_DATABASE + "_quick"
        options.workspace_reports, options.workspace_cases = 2_000, 200
        options.workspace_requests = 5
        options.audit_events, options.audit_seconds, options.audit_writers = 2_000, 1.0, 2
        if options.indicators_database_url == INDICATORS_DATABASE:
            options.indicators_database_url = INDICATORS_DATABASE + "_quick"
        options.indicators_reports, options.indicators_import_rows = 2_000, 20_000
        if options.requisitions_database_url == REQUISITIONS_DATABASE:
            options.requisitions_database_url = REQUISITIONS_DATABASE + "_quick"
        options.requisitions, options.freezes = 4_000, 400
        if options.stats_database_url == STATS_DATABASE:
            options.stats_database_url = STATS_DATABASE + "_quick"
    options.output = options.output or (QUICK_RESULTS if options.quick else RESULTS)
    options.suites = SUITES if options.suite == "all" else (options.suite,)
    options.config = options.config or [ServerConfig(workers=3, threads=4)]
    return options


def machine() -> dict[str, Any]:
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def postgres_version(url: str) -> str:
    with psycopg.connect(url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "?"


def measure(
    server: Gunicorn, scenario: str, options: argparse.Namespace, evidence: bytes
) -> dict[str, Any]:
    """One scenario against a running server, with the CPU each side used during it."""
    machine_before, server_before, postgres_before = (
        machine_cpu(),
        server.cpu_seconds(),
        postgres_cpu_seconds(),
    )
    result: LoadResult = run_load(
        server.base_url,
        scenario=scenario,
        processes=options.client_processes,
        threads=options.client_threads,
        warmup=options.warmup,
        duration=options.duration,
        evidence=evidence,
    )
    machine_after = machine_cpu()
    row = result.as_dict()
    # The counters cover the whole run, warm-up and client start included; shares are of it.
    row["cpu_seconds"] = {
        "machine_available": round(machine_after["total"] - machine_before["total"], 1),
        "machine_busy": round(machine_after["busy"] - machine_before["busy"], 1),
        "stolen_by_hypervisor": round(machine_after["steal"] - machine_before["steal"], 1),
        "gunicorn": round(server.cpu_seconds() - server_before, 1),
        "postgresql": round(postgres_cpu_seconds() - postgres_before, 1),
        "client": result.client_cpu_seconds,
    }
    row["committed"] = count_reports(options.database_url, result.references)
    row["_references"] = result.references
    return row


def run_config(
    config: ServerConfig, options: argparse.Namespace, workdir: Path, evidence: bytes
) -> dict[str, Any]:
    environment = server_environment(
        database_url=options.database_url, var_dir=workdir / "var", redis_url=options.redis_url
    )
    if not options.redis_url:
        with Gunicorn(config, environment, workdir / "gunicorn.log") as server:
            server.wait_ready()
            rows = [
                measure(server, scenario, options, evidence)
                for scenario in ("report", "report_with_evidence")
            ]
            memory = [process_memory(pid) for pid in server.worker_pids()]
        for row in rows:
            row.pop("_references")
        return {"config": config.name, "scenarios": rows, "workers": memory}
    # Production shape: a Celery worker sends the confirmations on the same two cores, and
    # every acknowledged report must be in the database and have its SMS in the outbox.
    subprocess.run(["redis-cli", "-u", options.redis_url, "FLUSHDB"], check=False)
    with (
        Worker(environment, workdir / "celery.log", options.worker_concurrency) as worker,
        Gunicorn(config, environment, workdir / "gunicorn.log") as server,
    ):
        server.wait_ready(timeout=240)  # three workers and Celery's start on two busy cores
        rows = []
        for scenario in ("report", "report_with_evidence"):
            before = cpu_per_process(server, worker, options.database_url)
            row = measure(server, scenario, options, evidence)
            row["confirmations"] = confirmations_check(options, workdir, row.pop("_references"))
            row["cpu_ms_per_report"] = cpu_ms_per_report(
                before, cpu_per_process(server, worker, options.database_url)
            )
            rows.append(row)
        memory = [process_memory(pid) for pid in server.worker_pids()]
        celery_memory = worker.memory()
    return {
        "config": config.name,
        "scenarios": rows,
        "workers": memory,
        "celery_worker": celery_memory,
    }


def cpu_per_process(server: Gunicorn, worker: Worker, database_url: str) -> dict[str, float]:
    """CPU seconds used so far by each part of the platform, and the reports filed so far."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT count(*) FROM intake_report").fetchone()
    return {
        "gunicorn": server.cpu_seconds(),
        "postgresql": postgres_cpu_seconds(),
        "celery_worker": worker.cpu_seconds(),
        "redis": named_processes_cpu_seconds(("redis-server",)),
        "reports": float(row[0]) if row else 0.0,
    }


def cpu_ms_per_report(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Each part's CPU per report filed, from the load's start (warm-up included) to the queue
    drained: what a report costs, whatever the rate reached."""
    filed = max(after["reports"] - before["reports"], 1.0)
    return {
        part: round((after[part] - before[part]) * 1000 / filed, 2)
        for part in ("gunicorn", "postgresql", "celery_worker", "redis")
    }


def confirmations_check(
    options: argparse.Namespace, workdir: Path, references: list[str]
) -> dict[str, Any]:
    """Wait for the worker to confirm every acknowledged report; count the SMS it wrote."""
    drained = wait_drained(options.database_url, references)
    return {
        "acknowledged": len(references),
        **drained,
        **confirmations_in_outbox(workdir / "var", references),
        **freezes_at_arrival(options.database_url, references),
    }


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\nVigilance benchmark {report['date']}: {report['machine']['cpus']} CPUs, "
        f"{report['machine']['memory_gib']} GiB, PostgreSQL {report['postgresql']}, "
        f"confirmations {report['confirmations']}"
    )
    print(
        f"client: {report['client']['processes']} process(es) x {report['client']['threads']} "
        f"threads on the same machine; {report['client']['duration']} s measured after "
        f"{report['client']['warmup']} s warm-up; CPU columns are shares of the machine\n"
    )
    header = (
        f"{'server':<18} {'scenario':<22} {'reports/s':>9} {'errors':>6} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7} {'gunicorn':>8} {'postgres':>8} {'client':>6} {'idle':>5} "
        f"{'committed':>11}"
    )
    print(header)
    print("-" * len(header))
    for run in report["runs"]:
        for row in run["scenarios"]:
            cpu = row["cpu_seconds"]
            available = cpu["machine_available"] or 1
            print(
                f"{run['config']:<18} {row['scenario']:<22} {row['per_second']:>9.1f} "
                f"{row['errors']:>6} {row['latency_ms']['p50']:>7.1f} "
                f"{row['latency_ms']['p95']:>7.1f} {row['latency_ms']['p99']:>7.1f} "
                f"{cpu['gunicorn'] / available:>8.0%} {cpu['postgresql'] / available:>8.0%} "
                f"{cpu['client'] / available:>6.0%} "
                f"{1 - (cpu['machine_busy'] + cpu['stolen_by_hypervisor']) / available:>5.0%} "
                f"{row['committed']:>5}/{row['operations']:<5}"
            )
        memory = ", ".join(
            f"RSS {w['rss_mib']} / PSS {w['pss_mib']} / USS {w['uss_mib']} MiB"
            for w in run["workers"]
        )
        print(f"{'':<18} worker memory after load: {memory}")
        if "celery_worker" in run:
            celery = run["celery_worker"]
            print(
                f"{'':<18} Celery worker ({len(celery['processes'])} processes): RSS "
                f"{celery['rss_mib']} MiB, PSS {celery['pss_mib']} MiB"
            )
            for row in run["scenarios"]:
                sent = row["confirmations"]
                print(
                    f"{'':<18} {row['scenario']}: {sent['acknowledged']} acknowledged, "
                    f"{sent['unconfirmed']} unconfirmed, {sent['acknowledged_with_sms']} with "
                    f"their SMS in the outbox; queue drained {sent['drain_seconds']} s after "
                    "the load"
                )
                print(
                    f"{'':<18} {row['scenario']}: {sent['large_losses']} large losses, "
                    f"{sent['freezes_expected']} calling for a freeze, "
                    f"{sent['freezes_proposed']} proposed at arrival, "
                    f"{sent['freezes_waiting']} still waiting"
                )
                per_report = ", ".join(
                    f"{part} {ms}" for part, ms in row.get("cpu_ms_per_report", {}).items()
                )
                print(f"{'':<18} {row['scenario']}: CPU ms per report: {per_report}")
    print(
        f"\naim: {AIM_REPORTS_PER_SECOND} reports/s, a worker under {AIM_WORKER_MIB} MB; "
        f"best: {report['best']['reports_per_second']} reports/s ({report['best']['config']}), "
        f"largest worker RSS {report['best']['largest_worker_rss_mib']} MiB"
    )
    print(f"written to {report['output']}")


def run_reports(options: argparse.Namespace) -> tuple[dict[str, Any], int]:
    """The reports suite: its figures, and 1 if a request failed or a report was lost."""
    evidence = noise_png(200_000)
    fresh_database(options.database_url)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-") as tmp:
        workdir = Path(tmp)
        migrate(
            server_environment(
                database_url=options.database_url,
                var_dir=workdir / "var",
                redis_url=options.redis_url,
            )
        )
        runs = [run_config(config, options, workdir, evidence) for config in options.config]
    best = max(runs, key=lambda run: run["scenarios"][0]["per_second"])
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "postgresql": postgres_version(options.database_url),
        "confirmations": "queued in Redis, sent by a Celery worker"
        if options.redis_url
        else "sent in-process",
        "client": {
            "processes": options.client_processes,
            "threads": options.client_threads,
            "duration": options.duration,
            "warmup": options.warmup,
        },
        "evidence_bytes": len(evidence),
        "runs": runs,
        "best": {
            "config": best["config"],
            "reports_per_second": best["scenarios"][0]["per_second"],
            "reports_with_evidence_per_second": best["scenarios"][1]["per_second"],
            "largest_worker_rss_mib": max(w["rss_mib"] for w in best["workers"]),
            "celery_worker_rss_mib": best.get("celery_worker", {}).get("rss_mib"),
            "confirmations_drain_seconds": best["scenarios"][0]
            .get("confirmations", {})
            .get("drain_seconds"),
        },
        "aim": {"reports_per_second": AIM_REPORTS_PER_SECOND, "worker_mib": AIM_WORKER_MIB},
        "output": str(options.output),
    }
    print_table(report)
    failures = sum(row["errors"] for run in runs for row in run["scenarios"])
    lost = sum(row["operations"] - row["committed"] for run in runs for row in run["scenarios"])
    # With the worker: every acknowledged report confirmed, its SMS written.
    lost += sum(
        row["confirmations"]["acknowledged"] - row["confirmations"]["acknowledged_with_sms"]
        for run in runs
        for row in run["scenarios"]
        if "confirmations" in row
    )
    # And every large loss calling for a freeze proposed at arrival.
    lost += sum(
        row["confirmations"]["freezes_expected"] - row["confirmations"]["freezes_proposed"]
        for run in runs
        for row in run["scenarios"]
        if "confirmations" in row
    )
    return report, 1 if failures or lost else 0


def run_suite(script: str, arguments: list[str], workdir: Path) -> tuple[dict[str, Any], int]:
    """``bench/<script>`` in its own process (each suite configures Django for its own database);
    its table goes to the terminal, its figures come back as JSON."""
    output = workdir / f"{script}.json"
    done = subprocess.run(
        [str(BIN / "python"), str(REPO / "bench" / script), *arguments, "--json", str(output)],
        cwd=REPO,
        check=False,
    )
    if not output.exists():
        return {"error": f"{script} exited with {done.returncode}"}, 1
    figures: dict[str, Any] = json.loads(output.read_text())
    return figures, done.returncode


def merge(path: Path, figures: dict[str, Any]) -> None:
    """Update the results file with these figures, keeping the other suites' last figures."""
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            existing = json.loads(path.read_text())
        except ValueError:
            existing = {}
    existing.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(existing, indent=2) + "\n")


def main() -> int:
    options = arguments()
    status = 0
    figures: dict[str, Any] = {}
    if "reports" in options.suites:
        # The reports figures stay at the top level of the file, as before.
        report, status = run_reports(options)
        figures.update(report)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-") as tmp:
        if "workspace" in options.suites:
            figures["workspace"], code = run_suite(
                "workspace.py",
                [
                    "--database-url", options.workspace_database_url,
                    "--reports", str(options.workspace_reports),
                    "--cases", str(options.workspace_cases),
                    "--requests", str(options.workspace_requests),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "audit" in options.suites:
            figures["audit"], code = run_suite(
                "audit.py",
                [
                    "--database-url", options.audit_database_url,
                    "--events", str(options.audit_events),
                    "--seconds", str(options.audit_seconds),
                    "--writers", str(options.audit_writers),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "indicators" in options.suites:
            quick = ["--link-reports", "20", "--lookup-values", "500"] if options.quick else []
            figures["indicators"], code = run_suite(
                "indicators.py",
                [
                    "--database-url", options.indicators_database_url,
                    "--redis-url", options.indicators_redis_url,
                    "--reports", str(options.indicators_reports),
                    "--import-rows", str(options.indicators_import_rows),
                    "--duration", str(options.duration),
                    "--warmup", str(options.warmup),
                    *quick,
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "receipts" in options.suites:
            figures["receipts"], code = run_suite(
                "receipts.py", ["--reports", "3" if options.quick else "8"], Path(tmp)
            )
            status = status or code
        if "requisitions" in options.suites:
            figures["requisitions"], code = run_suite(
                "requisitions.py",
                [
                    "--database-url", options.requisitions_database_url,
                    "--requisitions", str(options.requisitions),
                    "--freezes", str(options.freezes),
                    "--requests", str(options.workspace_requests),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "freezes" in options.suites:
            figures["freezes"], code = run_suite(
                "freeze_latency.py", ["--runs", "5" if options.quick else "50"], Path(tmp)
            )
            status = status or code
        if "waves" in options.suites:
            figures["waves"], code = run_suite(
                "waves.py",
                [
                    "--database-url", options.indicators_database_url,
                    "--reports", str(options.indicators_reports),
                    "--runs", "2" if options.quick else "5",
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "alerts" in options.suites:
            figures["alerts"], code = run_suite(
                "alert_delivery.py",
                ["--subscribers", "2000" if options.quick else "100000"],
                Path(tmp),
            )
            status = status or code
        if "stats" in options.suites:
            figures["stats"], code = run_suite(
                "stats.py",
                [
                    "--database-url", options.stats_database_url,
                    "--reports", str(options.workspace_reports),
                    "--cases", str(options.workspace_cases),
                    "--requests", str(options.workspace_requests),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "exchange_export" in options.suites:
            figures["exchange_export"], code = run_suite(
                "exchange_export.py",
                [
                    "--indicators", "4000" if options.quick else "1000000",
                    "--published", "1000" if options.quick else "10000",
                    "--database-url", EXCHANGE_EXPORT_DATABASE + ("_quick" if options.quick else ""),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "misp" in options.suites:
            figures["misp"], code = run_suite("misp_import.py", [], Path(tmp))
            status = status or code
        if "exchange_import" in options.suites:
            figures["exchange_import"], code = run_suite(
                "exchange_import.py",
                ["--objects", "5000", "--small", "500"] if options.quick else [],
                Path(tmp),
            )
            status = status or code
        if "taxii" in options.suites:
            # Quick runs use a small database of their own, so that the big one is kept.
            figures["taxii"], code = run_suite(
                "exchange_taxii.py",
                [
                    "--database-url", TAXII_DATABASE + ("_quick" if options.quick else ""),
                    "--objects", "20000" if options.quick else "1000000",
                    "--requests", str(options.workspace_requests),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "lookup" in options.suites:
            # The public look-up against the bare app, side by side, on the indicators database.
            figures["lookup"], code = run_suite(
                "lookup.py",
                [
                    "--database-url", options.indicators_database_url,
                    "--redis-url", options.indicators_redis_url,
                    "--reports", str(options.indicators_reports),
                    "--duration", str(options.duration),
                    "--warmup", str(options.warmup),
                    *(["--rounds", "1", "--lookup-values", "500"] if options.quick else []),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "search" in options.suites:
            figures["search"], code = run_suite(
                "search.py",
                [
                    "--database-url", SEARCH_DATABASE + ("_quick" if options.quick else ""),
                    "--reports", str(options.workspace_reports),
                    "--cases", str(options.workspace_cases),
                    "--identifiers", "5",
                    "--requests", str(options.workspace_requests),
                ],
                Path(tmp),
            )  # fmt: skip
            status = status or code
        if "national" in options.suites:
            # bench/national.py: 10,000,000 reports (--quick: 20,000 in a database of its own).
            figures["national"], code = run_suite(
                "national.py",
                [
                    *(["--quick"] if options.quick else []),
                    *(["--rebuild"] if options.rebuild else []),
                ],
                Path(tmp),
            )
            status = status or code
    figures.setdefault("date", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    merge(options.output, figures)
    print(f"\nfigures merged into {options.output}")
    return status


if __name__ == "__main__":
    sys.exit(main())
