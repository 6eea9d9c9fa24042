"""Freezes at arrival through the real broker and a real Celery worker: many large losses filed
queue one job, which proposes them all; the sweep proposes what a lost job left waiting.

The worker is a separate process on the test database, so the test commits its rows
(transactional database); the serialized rollback restores the reference data afterwards.
"""

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test import Client

from tests.factories import report_payload
from tests.intake.conftest import test_redis  # noqa: F401  (the fixture, shared)
from tests.support.live_process import (
    CeleryWorker,
    celery_publishing_to,
    child_environment,
    database_url,
)
from vigilance.requisitions import tasks
from vigilance.requisitions.models import ArrivalAwaitingFreeze, FreezeRequest

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LARGE_LOSS = {"amount": "600000", "currency": "XAF", "channel": "mtn_momo"}


def file_large_losses(client: Client, count: int) -> list[str]:
    references = []
    for _index in range(count):
        response = client.post(
            "/api/v1/reports",
            report_payload(language="en", loss=LARGE_LOSS),
            content_type="application/json",
        )
        assert response.status_code == 201
        references.append(response.json()["reference"])
    return references


def jobs_queued(url: str) -> list[str]:
    """The names of the jobs waiting in Celery's default queue."""
    with redis.Redis.from_url(url) as client:
        return sorted(json.loads(raw)["headers"]["task"] for raw in client.lrange("celery", 0, -1))


@pytest.fixture
def worker(test_redis: str, tmp_path: Path) -> Iterator[CeleryWorker]:  # noqa: F811
    process = CeleryWorker(
        child_environment(
            var_dir=tmp_path / "var",
            database=database_url(connection.settings_dict),
            REDIS_URL=test_redis,
            SMS_BACKEND="vigilance.core.sms.FileSMSBackend",
            SMS_FILE_PATH=str(tmp_path / "outbox" / "sms"),
        ),
        tmp_path / "worker.log",
    )
    yield process
    process.stop()


def wait_proposed(references: list[str], worker: CeleryWorker) -> None:
    """Wait until no report waits; each then has its freeze (written in the same transaction)."""
    # However long a loaded machine takes: pytest-timeout bounds a worker that hangs.
    while ArrivalAwaitingFreeze.objects.exists():
        assert worker.is_running, worker.output()
        time.sleep(0.2)
    proposed = FreezeRequest.objects.filter(report__reference__in=references)
    assert proposed.count() == len(references), worker.output()


def test_many_large_losses_queue_one_job_which_proposes_them_all(
    client: Client,
    test_redis: str,  # noqa: F811
    worker: CeleryWorker,
) -> None:
    with celery_publishing_to(test_redis):
        references = file_large_losses(client, 4)

        assert jobs_queued(test_redis) == [
            "vigilance.intake.tasks.send_waiting_confirmations",
            "vigilance.requisitions.tasks.propose_arrival_freezes",
        ]
        assert ArrivalAwaitingFreeze.objects.count() == 4

        worker.start()
        wait_proposed(references, worker)
        # The job cleared its mark: the next filing queues a job again.
        with redis.Redis.from_url(test_redis) as marks:
            assert not marks.exists(tasks.ARRIVALS_JOB_QUEUED)

    for reference in references:
        [freeze] = FreezeRequest.objects.filter(report__reference=reference)
        assert (freeze.issuer.code, freeze.amount_asked) == ("mtn_momo", 600_000)


def test_the_sweep_proposes_what_a_flushed_broker_lost(
    client: Client,
    test_redis: str,  # noqa: F811
    worker: CeleryWorker,
) -> None:
    with celery_publishing_to(test_redis):
        [reference] = file_large_losses(client, 1)
        # The broker loses its queue and the mark between the filing's commit and the job.
        with redis.Redis.from_url(test_redis) as broker:
            broker.flushdb()
        arrival = ArrivalAwaitingFreeze.objects.get()
        ArrivalAwaitingFreeze.objects.filter(pk=arrival.pk).update(
            arrived_at=arrival.arrived_at - tasks.ARRIVALS_SWEEP_GRACE * 2
        )

        worker.start()
        tasks.sweep_arrivals_awaiting_freeze.delay()
        wait_proposed([reference], worker)

    assert FreezeRequest.objects.filter(report__reference=reference).count() == 1
