"""The confirmations of every report waiting for its first, sent in batches by one job.

With a broker, a filing queues that job only when none is queued already; the job sends each
waiting report's confirmation once, oldest first, and leaves a failed one to its own retries.
"""

import datetime as dt
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.factories import report_draft, report_payload
from tests.intake.test_tasks import sms_sent
from tests.support.live_process import (
    CeleryWorker,
    celery_publishing_to,
    child_environment,
    database_url,
)
from vigilance.intake import notifications, services, tasks
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db


def file_unconfirmed(count: int, **changes: Any) -> list[Report]:
    """Reports filed one second apart, oldest first, whose confirmation job never ran."""
    filed = []
    for index in range(count):
        report = services.report_submit(draft=report_draft(**changes), channel=Channel.WEB).report
        Report.objects.filter(pk=report.pk).update(
            submitted_at=timezone.now() - dt.timedelta(seconds=count - index),
            confirmation_sent_at=None,  # its job sent it already where jobs run in process
            confirmation_attempts=0,
        )
        filed.append(report)
    return filed


def state(report: Report) -> tuple[bool, int]:
    row = Report.objects.values_list("confirmation_sent_at", "confirmation_attempts").get(
        pk=report.pk
    )
    return row[0] is not None, row[1]


def test_one_batch_confirms_every_waiting_report_once(settings: Settings) -> None:
    reached = file_unconfirmed(
        2, reporter=services.ReporterInput(name="Awa", email="awa@example.cm", phone="677123456")
    )
    anonymous = file_unconfirmed(1, reporter=services.ReporterInput(is_anonymous=True))[0]
    mail.outbox.clear()

    sent = notifications.send_waiting_confirmations(limit=50)
    again = notifications.send_waiting_confirmations(limit=50)

    assert (sent.taken, sent.failed, again.taken) == (3, [], 0)
    assert sorted(message.to[0] for message in mail.outbox) == ["awa@example.cm"] * 2
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Your report {report.reference} has been received" for report in reached
    )
    assert len(sms_sent(settings)) == 2
    assert [state(report) for report in reached] == [(True, 1), (True, 1)]
    assert state(anonymous) == (True, 0)  # nobody to tell: done, nothing counted


def test_a_batch_takes_the_oldest_first_up_to_its_limit() -> None:
    oldest, second, newest = file_unconfirmed(3)

    sent = notifications.send_waiting_confirmations(limit=2)

    assert sent.taken == 2
    assert [state(report)[0] for report in (oldest, second, newest)] == [True, True, False]


def test_a_report_already_tried_is_left_to_its_own_retries() -> None:
    tried, fresh = file_unconfirmed(2)
    Report.objects.filter(pk=tried.pk).update(confirmation_attempts=1)

    sent = notifications.send_waiting_confirmations(limit=50)

    assert sent.taken == 1
    assert state(tried) == (False, 1)
    assert state(fresh) == (True, 1)


def test_a_failure_stops_the_batch_and_does_not_hold_up_the_next(settings: Settings) -> None:
    first, second, third = file_unconfirmed(3)
    # A real SMTP connection to a closed port of this machine: delivery fails as it would.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    failing = notifications.send_waiting_confirmations(limit=50)

    assert failing.failed == [first.pk]
    assert [state(report) for report in (first, second, third)] == [
        (False, 1),
        (False, 0),
        (False, 0),
    ]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    recovered = notifications.send_waiting_confirmations(limit=50)

    assert (recovered.taken, recovered.failed) == (2, [])
    assert [state(report) for report in (first, second, third)] == [
        (False, 1),
        (True, 1),
        (True, 1),
    ]


def test_embedded_the_filing_sends_its_own_confirmation_at_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(draft=report_draft(), channel=Channel.WEB).report

    assert state(report) == (True, 1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_another_worker_holds_is_skipped_not_waited_for() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's; SQLite runs one writer")
    held, free = file_unconfirmed(2)
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        with transaction.atomic():
            Report.objects.select_for_update().get(pk=held.pk)
            locked.set()
            release.wait(10)
        connection.close()

    other = threading.Thread(target=other_worker)
    other.start()
    assert locked.wait(10)
    try:
        sent = notifications.send_waiting_confirmations(limit=50)
    finally:
        release.set()
        other.join(10)

    assert sent.taken == 1
    assert state(held) == (False, 0)
    assert state(free) == (True, 1)


# Through the real broker and a real worker.


def jobs_queued(url: str) -> list[str]:
    """The names of the jobs waiting in Celery's default queue."""
    with redis.Redis.from_url(url) as client:
        return [json.loads(raw)["headers"]["task"] for raw in client.lrange("celery", 0, -1)]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_filings_queue_one_job_which_confirms_them_all(
    client: Client, test_redis: str, tmp_path: Path
) -> None:
    with celery_publishing_to(test_redis):
        references = []
        for _index in range(5):
            response = client.post(
                "/api/v1/reports", report_payload(language="en"), content_type="application/json"
            )
            assert response.status_code == 201
            references.append(response.json()["reference"])

        assert jobs_queued(test_redis) == ["vigilance.intake.tasks.send_waiting_confirmations"]
        assert Report.objects.filter(confirmation_sent_at__isnull=False).count() == 0

        outbox = tmp_path / "outbox"
        worker = CeleryWorker(
            child_environment(
                var_dir=tmp_path / "var",
                database=database_url(connection.settings_dict),
                REDIS_URL=test_redis,
                SMS_BACKEND="vigilance.core.sms.FileSMSBackend",
                SMS_FILE_PATH=str(outbox / "sms"),
            ),
            tmp_path / "worker.log",
        )
        worker.start()
        try:
            # However long a loaded machine takes: pytest-timeout bounds a worker that hangs.
            while Report.objects.filter(
                reference__in=references, confirmation_sent_at__isnull=True
            ).exists():
                assert worker.is_running, worker.output()
                time.sleep(0.2)
            # The job cleared its mark: the next filing queues a job again.
            with redis.Redis.from_url(test_redis) as marks:
                assert not marks.exists(tasks.WAITING_JOB_QUEUED)
        finally:
            worker.stop()
    texts = [path.read_text() for path in (outbox / "sms").glob("*.json")]
    assert sorted(ref for ref in references for text in texts if ref in text) == sorted(references)
