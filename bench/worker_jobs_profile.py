"""What the Celery worker's jobs on a filed report cost, in-process, counted by the profiler:
Python function calls, SQL statements and Redis round trips per report (exact counts, which
the machine's load does not move), and with ``--top`` the functions called most.

- ``freeze, one job each``: the job a large loss used to queue at arrival (``propose_freeze``'s
  body; Celery's own receiving and acknowledging of each message come on top);
- ``freeze, in batches``: ``arrivals_propose_freezes`` over the same number of reports;
- ``confirmations``: ``send_waiting_confirmations`` in batches of 50;
- ``filing: queue a job`` / ``filing: record and mark``: what the filing pays after its commit
  for a large loss, before (a Celery publish) and now (a row in its transaction, then the
  broker's mark, already set for all but the first).

Run on a database the ``reports`` suite has migrated and seeded:

    python bench/worker_jobs_profile.py --database-url postgres://.../vig_wt_freeze_bench \
        --redis-url redis://127.0.0.1:6379/10
"""

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.lookup_profile import calls_of
from bench.server import server_environment

ROUND_TRIPS = {
    "sql": (("psycopg/cursor.py", "execute"),),
    "redis": (("redis/connection.py", "send_packed_command"),),
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--top", type=int, default=0, help="print the N functions called most")
    return parser.parse_args()


def profiled(label: str, count: int, work: Callable[[], Any], top: int) -> dict[str, Any]:
    profile = cProfile.Profile()
    profile.enable()
    work()
    profile.disable()
    stats = pstats.Stats(profile)
    row = {
        "job": label,
        "python_calls_per_report": round(stats.total_calls / count),  # type: ignore[attr-defined]
        **{
            f"{kind}_per_report": round(calls_of(stats, wanted) / count, 2)
            for kind, wanted in ROUND_TRIPS.items()
        },
    }
    print(
        f"{label:<28} {row['python_calls_per_report']:>8} calls  "
        f"{row['sql_per_report']:>6} SQL  {row['redis_per_report']:>5} Redis  per report"
    )
    if top:
        stats.sort_stats("ncalls").print_stats(top)
    return row


def file_large_losses(count: int) -> list[int]:
    """Large mobile-money losses filed as the API files them, their jobs left unqueued."""
    from vigilance.intake import services
    from vigilance.intake.services import IdentifierInput, LossInput

    report_ids = []
    for index in range(count):
        draft = services.ReportDraft(
            category="mobile_money_fraud",
            description="Un faux agent m'a fait envoyer de l'argent.",
            incident_date=dt.date.today(),
            region="LT",
            reporter=services.ReporterInput(name="Awa Mbarga", phone=f"6770{index:05d}"),
            identifiers=[IdentifierInput(type="momo_account", value=f"6501{index:05d}")],
            loss=LossInput(amount=Decimal(600_000 + index), channel="mtn_momo"),
            language="fr",
            consent=True,
        )
        report_ids.append(services.report_submit(draft=draft, channel="web").report.pk)
    return report_ids


def main() -> int:
    options = arguments()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            server_environment(
                database_url=options.database_url, var_dir=Path(tmp), redis_url=options.redis_url
            )
        )
        os.environ["DJANGO_SETTINGS_MODULE"] = "vigilance.settings"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        import redis

        from vigilance.intake import notifications
        from vigilance.intake.models import Report
        from vigilance.requisitions import tasks
        from vigilance.requisitions.models import ArrivalAwaitingFreeze
        from vigilance.requisitions.services.arrival_freezes import (
            arrival_await_freeze,
            arrivals_propose_freezes,
        )

        broker = redis.Redis.from_url(options.redis_url)
        broker.flushdb()
        count, top = options.reports, options.top
        old, new = file_large_losses(count), file_large_losses(count)
        # Their filings queued nothing of theirs yet: the batches below propose ``new``.
        ArrivalAwaitingFreeze.objects.filter(report_id__in=old).delete()

        rows = [
            profiled(
                "freeze, one job each",
                count,
                lambda: [tasks.propose_freeze.run(pk, "arrival", None) for pk in old],
                top,
            ),
            profiled(
                "freeze, in batches",
                count,
                lambda: [
                    None for _batch in iter(lambda: arrivals_propose_freezes(limit=50).taken, 0)
                ],
                top,
            ),
        ]
        Report.objects.filter(pk__in=old + new).update(
            confirmation_sent_at=None, confirmation_attempts=0
        )
        rows.append(
            profiled(
                "confirmations",
                2 * count,
                lambda: [
                    None
                    for _batch in iter(
                        lambda: notifications.send_waiting_confirmations(limit=50).taken, 0
                    )
                ],
                top,
            )
        )
        broker.flushdb()
        rows.append(
            profiled(
                "filing: queue a job",
                count,
                lambda: [tasks.enqueue_freeze_proposal(pk, "arrival", None) for pk in old],
                top,
            )
        )
        broker.flushdb()
        ArrivalAwaitingFreeze.objects.filter(report_id__in=old).delete()

        def record_and_mark() -> None:
            for pk in old:
                arrival_await_freeze(report_id=pk, actor_id=None)
                tasks.enqueue_arrival_freezes(pk)

        rows.append(profiled("filing: record and mark", count, record_and_mark, top))
        ArrivalAwaitingFreeze.objects.filter(report_id__in=old).delete()
        broker.flushdb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
