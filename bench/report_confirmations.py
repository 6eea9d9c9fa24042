"""The Celery worker beside gunicorn in the reports suite: it sends the confirmations of the
reports filed during the run, and the suite checks every acknowledged report got one.

The worker is a real ``celery -A vigilance worker`` on the run's Redis database, with the same
environment as the web server; confirmations go to the SMS outbox (``FileSMSBackend``: one JSON
file per message under ``VIGILANCE_VAR_DIR/outbox/sms``), which is what the suite reads back.
"""

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg

from bench.server import BIN, REPO, child_pids, pids_cpu_seconds, process_memory

REFERENCE = re.compile(r"VIG-\d{4}-[0-9A-Z]+")


class Worker:
    """A Celery worker started for the run in its own process group, stopped by its id."""

    def __init__(self, environment: dict[str, str], log: Path, concurrency: int) -> None:
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "vigilance",
                "worker",
                f"--concurrency={concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=REPO,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the stop takes the pool with it
        )

    def pids(self) -> list[int]:
        """The worker's main process and its pool."""
        return [self.process.pid, *child_pids(self.process.pid)]

    def cpu_seconds(self) -> float:
        """CPU time used so far by the worker and its pool."""
        return pids_cpu_seconds(self.pids())

    def memory(self) -> dict[str, Any]:
        """RSS of each process and the PSS of them all (shared pages counted once)."""
        processes = []
        for pid in self.pids():
            try:
                processes.append(process_memory(pid))
            except OSError:
                continue
        return {
            "processes": processes,
            "rss_mib": round(sum(p["rss_mib"] for p in processes), 1),
            "pss_mib": round(sum(p["pss_mib"] for p in processes), 1),
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def unconfirmed(database_url: str, references: list[str]) -> int:
    """How many of ``references`` have no confirmation recorded as sent."""
    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM intake_report WHERE reference = ANY(%s) "
            "AND confirmation_sent_at IS NULL",
            (references,),
        ).fetchone()
    return int(row[0]) if row else 0


def wait_drained(
    database_url: str, references: list[str], *, timeout: float = 600.0
) -> dict[str, Any]:
    """Wait until every acknowledged report's confirmation is recorded as sent; how long it took
    (from the end of the load) and how many were still waiting when it gave up."""
    started = time.monotonic()
    waiting = unconfirmed(database_url, references)
    while waiting and time.monotonic() - started < timeout:
        time.sleep(0.5)
        waiting = unconfirmed(database_url, references)
    return {"drain_seconds": round(time.monotonic() - started, 1), "unconfirmed": waiting}


def confirmations_in_outbox(var_dir: Path, references: list[str]) -> dict[str, int]:
    """How many of ``references`` have an SMS in the outbox naming them (and how many SMS)."""
    wanted = set(references)
    found: set[str] = set()
    messages = 0
    folder = var_dir / "outbox" / "sms"
    for path in folder.glob("*.json") if folder.is_dir() else ():
        messages += 1
        text = json.loads(path.read_text(encoding="utf-8")).get("text", "")
        found.update(reference for reference in REFERENCE.findall(text) if reference in wanted)
    return {"sms_in_outbox": messages, "acknowledged_with_sms": len(found)}


# A large loss of a fraud, through a channel a freeze reaches, is proposed at arrival (decision
# 0046); the reports suite names a wallet and no payment SMS, so its freeze goes to the wallet's
# issuer, else the channel's: one of these two mobile-money issuers, else none.
FREEZES_AT_ARRIVAL = """
SELECT
    count(*),
    count(*) FILTER (WHERE r.loss_channel IN ('mtn_momo', 'orange_money') OR EXISTS (
        SELECT 1 FROM intake_sighting s WHERE s.report_id = r.id AND s.role = 'suspect'
        AND s.type = 'momo_account' AND s.provider IN ('mtn_momo', 'orange_money'))),
    count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM requisitions_freezerequest f WHERE f.report_id = r.id)),
    count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM requisitions_arrivalawaitingfreeze a WHERE a.report_id = r.id))
FROM intake_report r JOIN core_offencecategory c ON c.code = r.category_id
WHERE r.reference = ANY(%s) AND r.loss_amount >= %s AND c.group_id = 'fraud'
    AND r.loss_channel IN ('mtn_momo', 'orange_money', 'bank_transfer')
"""
FREEZE_IMMEDIATE_XAF = 500_000


def freezes_at_arrival(
    database_url: str, references: list[str], *, timeout: float = 600.0
) -> dict[str, int]:
    """Wait until no acknowledged report waits for its freeze at arrival; how many large losses
    there were, how many called for a freeze, how many got one."""
    started = time.monotonic()
    while True:
        with psycopg.connect(database_url) as connection:
            row = connection.execute(
                FREEZES_AT_ARRIVAL, (references, FREEZE_IMMEDIATE_XAF)
            ).fetchone()
        large, expected, proposed, waiting = row if row else (0, 0, 0, 0)
        if not waiting or time.monotonic() - started > timeout:
            break
        time.sleep(0.5)
    return {
        "large_losses": large,
        "freezes_expected": expected,
        "freezes_proposed": proposed,
        "freezes_waiting": waiting,
    }
