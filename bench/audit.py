"""The audit trail benchmark: events written per second with the chain, and verifying 1M events.

1. Events per second through ``audit_record`` (one transaction each, the head row locked, the
   hash and seal computed, the event inserted): one writer process for ``--seconds``, then
   ``--writers`` processes at once, each with its own connection; one event per transaction,
   then 20 per transaction appended one by one, then 20 per transaction held in an
   ``audit_batch`` block (group commit: one multi-row INSERT at its end). After the writes a
   signed checkpoint is taken and ``manage.py verify_audit`` must pass.
2. ``audit_chain_verify()`` over ``--events`` events: a valid chain is computed in Python with
   ``vigilance.audit.chain`` exactly as ``audit_record`` does, loaded with COPY, then verified in a
   fresh process whose time and peak RSS are measured.

Runs on its own PostgreSQL database (``vig_bench_audit``), created afresh each run.

    python bench/audit.py [--events 1000000] [--seconds 10] [--writers 4] [--json PATH]
"""

import argparse
import datetime as dt
import json
import multiprocessing
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

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/vig_bench_audit"
AIM_EVENTS_PER_SECOND = 2000
AIM_VERIFY_SECONDS = 60
# Events per transaction in the second pair of runs: a request that writes several things.
BATCH = 20
ACTIONS = (
    ("report.view", "report"),
    ("report.triage", "report"),
    ("case.view", "case"),
    ("case.note_add", "case"),
    ("case.transition", "case"),
    ("evidence.download", "evidence"),
    ("staff.sign_in", "user"),
)
COPY_COLUMNS = (
    "sequence, at, actor_id, actor_label, organisation, action, object_type, object_id, "
    "address, details, previous_hash, hash, key_id, seal"
)


def django_setup(url: str, var_dir: Path) -> None:
    """Configure Django in this process for the benchmark database (before any model import)."""
    os.environ.update(server_environment(database_url=url, var_dir=var_dir, redis_url=""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    import django

    django.setup()


def _writer(
    url: str, var_dir: str, start_at: float, seconds: float, name: str, batch: int, grouped: bool
) -> int:
    """One writer process: ``audit_record`` in a loop from ``start_at`` for ``seconds``, ``batch``
    events per transaction (1: each event commits on its own, as a single-write request does),
    held and appended together when ``grouped`` (``audit_batch``)."""
    django_setup(url, Path(var_dir))
    from django.db import connection, transaction

    from vigilance.audit.batch import audit_batch
    from vigilance.audit.services import audit_record

    block = audit_batch if grouped else transaction.atomic

    connection.ensure_connection()
    time.sleep(max(0.0, start_at - time.time()))
    end = time.time() + seconds
    count = 0
    while time.time() < end:
        with block():
            for _ in range(batch):
                action, object_type = ACTIONS[count % len(ACTIONS)]
                audit_record(
                    actor=None,
                    actor_label=name,
                    action=action,
                    object_type=object_type,
                    object_id=f"VIG-2026-{count:06d}",
                    details={"writer": name, "n": count, "status": "triaged"},
                    address="127.0.0.1",
                )
                count += 1
    connection.close()
    return count


def write_rate(
    url: str, var_dir: Path, *, writers: int, seconds: float, batch: int = 1, grouped: bool = False
) -> dict[str, Any]:
    """Events per second with ``writers`` processes writing at once."""
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 3.0 + writers  # every process set up and connected by then
    with context.Pool(writers) as pool:
        counts = pool.starmap(
            _writer,
            [
                (url, str(var_dir), start_at, seconds, f"bench-writer-{k}", batch, grouped)
                for k in range(writers)
            ],
        )
    return {
        "writers": writers,
        "events_per_transaction": batch,
        "group_commit": grouped,
        "seconds": seconds,
        "events": sum(counts),
        "per_second": round(sum(counts) / seconds, 1),
    }


def _chain_head(url: str) -> tuple[int, str]:
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT sequence, hash FROM audit_audithead WHERE id = 1"
        ).fetchone()
    assert row is not None, "the audit head row is made by a migration"
    return int(row[0]), str(row[1])


def append_chain(url: str, *, events: int) -> dict[str, float]:
    """Append ``events`` valid events after the current head, sealed with the run's audit key,
    with COPY; return the timings."""
    from vigilance.audit import chain, keys

    key = keys.audit_key_signing()
    sequence, previous = _chain_head(url)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    step = dt.timedelta(days=365) / max(events, 1)
    started = time.monotonic()
    hashing = 0.0
    with psycopg.connect(url) as connection:
        connection.execute("SET synchronous_commit = off")
        with connection.cursor().copy(f"COPY audit_auditevent ({COPY_COLUMNS}) FROM STDIN") as copy:
            for n in range(events):
                sequence += 1
                action, object_type = ACTIONS[n % len(ACTIONS)]
                actor_id = 1_000_000 + n % 53
                tick = time.perf_counter()
                fields = chain.event_fields(
                    sequence=sequence,
                    at=start + step * n,
                    actor_id=actor_id,
                    actor_label=f"agent{n % 53}",
                    organisation="dgsn",
                    action=action,
                    object_type=object_type,
                    object_id=f"VIG-2026-{n % 400_000:06d}",
                    address=f"10.1.{n % 200}.{n % 250}",
                    details=chain.plain_json({"status": "triaged", "unit": "dgsn-cyber-lt"}),
                )
                digest = chain.chain_hash(previous, fields)
                seal = keys.event_seal(key, digest)
                hashing += time.perf_counter() - tick
                copy.write_row(
                    (
                        sequence,
                        dt.datetime.fromisoformat(fields["at"]),
                        actor_id,
                        fields["actor_label"],
                        fields["organisation"],
                        action,
                        object_type,
                        fields["object_id"],
                        fields["address"],
                        json.dumps(fields["details"]),
                        previous,
                        digest,
                        key.id,
                        seal,
                    )
                )
                previous = digest
        connection.execute(
            "UPDATE audit_audithead SET sequence = %s, hash = %s WHERE id = 1", (sequence, previous)
        )
        connection.execute("ANALYZE audit_auditevent")
    return {
        "generate_and_copy_seconds": round(time.monotonic() - started, 1),
        "hashing_seconds": round(hashing, 1),
    }


VERIFY_SCRIPT = """
import json, os, resource, sys, time
sys.path.insert(0, {repo!r})
from bench.audit import django_setup
from pathlib import Path
django_setup({url!r}, Path({var_dir!r}))
from vigilance.audit.selectors import audit_chain_verify
started = time.monotonic()
report = audit_chain_verify()
seconds = time.monotonic() - started
print(json.dumps({{"seconds": round(seconds, 1), "events": report.count,
    "intact": report.is_intact, "broken_sequence": report.broken_sequence,
    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}}))
"""


def checkpoint_and_verify_audit(environment: dict[str, str]) -> dict[str, Any]:
    """Sign a checkpoint over the chain as written, then run ``manage.py verify_audit``."""
    outcome: dict[str, Any] = {}
    for command in ("audit_checkpoint", "verify_audit"):
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", command],
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        outcome[command] = (done.stdout + done.stderr).strip().splitlines()[-1:]
        outcome["passed"] = done.returncode == 0
        if done.returncode:
            break
    return outcome


def verify(url: str, var_dir: Path) -> dict[str, Any]:
    """``audit_chain_verify()`` in a fresh process: its seconds, verdict and peak RSS."""
    script = VERIFY_SCRIPT.format(repo=str(REPO), url=url, var_dir=str(var_dir))
    done = subprocess.run(
        [str(BIN / "python"), "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(
    *, url: str = DEFAULT_DATABASE, events: int, seconds: float, writers: int
) -> dict[str, Any]:
    """The whole audit suite on a fresh database; the figures as a dict."""
    load_before = os.getloadavg()
    fresh_database(url)
    with tempfile.TemporaryDirectory(prefix="vigilance-bench-audit-") as tmp:
        var_dir = Path(tmp) / "var"
        environment = server_environment(database_url=url, var_dir=var_dir, redis_url="")
        migrate(environment)
        rates = [
            write_rate(url, var_dir, writers=count, seconds=seconds, batch=batch, grouped=grouped)
            for batch, grouped in ((1, False), (BATCH, False), (BATCH, True))
            for count in (1, writers)
        ]
        written = verify(url, var_dir)
        anchored = checkpoint_and_verify_audit(environment)
        os.environ.update(environment)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
        import django

        django.setup()
        appended = append_chain(url, events=events)
        verified = verify(url, var_dir)
    return {
        "database": url.rsplit("/", 1)[-1],
        "write": {"rates": rates, "chain_after_writes": written, "verify_audit": anchored},
        "chain_events": verified["events"],
        "generated": {"events": events, **appended},
        "verify": verified,
        "aim": {"events_per_second": AIM_EVENTS_PER_SECOND, "verify_seconds": AIM_VERIFY_SECONDS},
        "verdict": {
            "events_per_second": "met"
            if max(r["per_second"] for r in rates if r["events_per_transaction"] == 1)
            >= AIM_EVENTS_PER_SECOND
            else "missed",
            "events_per_second_group_commit": "met"
            if max(r["per_second"] for r in rates if r["group_commit"]) >= AIM_EVENTS_PER_SECOND
            and anchored["passed"]
            else "missed",
            "verify_seconds": "met"
            if verified["intact"] and verified["seconds"] < AIM_VERIFY_SECONDS
            else "missed",
        },
        # The machine is shared: its load before and after tells how much the figures may drift.
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "client_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def print_table(result: dict[str, Any]) -> None:
    write = result["write"]
    print("\nAudit trail (audit_record; events/tx: events per committed transaction)")
    print(
        f"{'writers':>8} {'events/tx':>9} {'grouped':>8} {'seconds':>8} {'events':>8} {'events/s':>9}"
    )
    for row in write["rates"]:
        print(
            f"{row['writers']:>8} {row['events_per_transaction']:>9} "
            f"{'yes' if row['group_commit'] else 'no':>8} {row['seconds']:>8} "
            f"{row['events']:>8} {row['per_second']:>9}"
        )
    after = write["chain_after_writes"]
    print(f"chain after the writes: {after['events']} events, intact={after['intact']}")
    print(f"checkpoint then verify_audit: {write['verify_audit']}")
    v = result["verify"]
    print(
        f"audit_chain_verify over {v['events']} events: {v['seconds']} s, intact={v['intact']}, "
        f"peak RSS {v['peak_rss_mib']} MiB (chain generated and copied in "
        f"{result['generated']['generate_and_copy_seconds']} s)"
    )
    print(
        f"aim: over {AIM_EVENTS_PER_SECOND} events/s (one per transaction: "
        f"{result['verdict']['events_per_second']}; group commit: "
        f"{result['verdict']['events_per_second_group_commit']}), "
        f"verify under {AIM_VERIFY_SECONDS} s ({result['verdict']['verify_seconds']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--json", type=Path, help="write the figures there as JSON")
    options = parser.parse_args()
    result = run(
        url=options.database_url,
        events=options.events,
        seconds=options.seconds,
        writers=options.writers,
    )
    print_table(result)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2) + "\n")
    intact = (
        result["verify"]["intact"]
        and result["write"]["chain_after_writes"]["intact"]
        and result["write"]["verify_audit"]["passed"]
    )
    return 0 if intact else 1


if __name__ == "__main__":
    sys.exit(main())
