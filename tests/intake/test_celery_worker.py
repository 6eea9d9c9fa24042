"""Confirmations through a real Celery worker on the real Redis, reading the committed report.

The worker is a separate process on the test database, so the test commits its rows
(transactional database); the serialized rollback restores the reference data afterwards.
"""

import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import report_payload
from tests.support.live_process import (
    CeleryWorker,
    celery_publishing_to,
    child_environment,
    database_url,
)
from vigilance.intake import tasks
from vigilance.intake.models import Report

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAIT_SECONDS = 30


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def worker(test_redis: str, outbox: Path, tmp_path: Path) -> Iterator[CeleryWorker]:
    environment = child_environment(
        var_dir=tmp_path / "var",
        database=database_url(connection.settings_dict),
        REDIS_URL=test_redis,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox / "mail"),
        SMS_BACKEND="vigilance.core.sms.FileSMSBackend",
        SMS_FILE_PATH=str(outbox / "sms"),
    )
    process = CeleryWorker(environment, tmp_path / "worker.log")
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def publishing_to_redis(test_redis: str, settings: Settings) -> Iterator[None]:
    # Celery reads its configuration from the settings: it must save its own before they change,
    # or it restores the test's Redis broker and leaves later tests' jobs queued and never run.
    with celery_publishing_to(test_redis):
        settings.REDIS_URL = test_redis
        settings.CELERY_BROKER_URL = test_redis
        settings.CELERY_TASK_ALWAYS_EAGER = False
        yield


def wait_for_mail(folder: Path, worker: CeleryWorker) -> list[Message]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.log")) if folder.exists() else []
        if files:
            return [message_from_bytes(path.read_bytes()) for path in files]
        assert worker.is_running, worker.output()
        time.sleep(0.2)
    pytest.fail(f"no confirmation within {WAIT_SECONDS} s; worker said:\n{worker.output()}")


def test_worker_sends_the_confirmation_of_a_report_filed_through_the_api(
    client: Client, worker: CeleryWorker, publishing_to_redis: None, outbox: Path
) -> None:
    payload = report_payload(
        reporter={
            "type": "person",
            "name": "Awa Mbarga",
            "email": "awa@example.cm",
            "phone": "677 12 34 56",
        },
        language="en",
    )

    response = client.post("/api/v1/reports", payload, content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    [message] = wait_for_mail(outbox / "mail", worker)
    assert message["To"] == "awa@example.cm"
    assert message["Subject"] == f"Your report {body['reference']} has been received"
    text = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert body["tracking_code"] not in text
    report = Report.objects.get(reference=body["reference"])
    assert report.confirmation_sent_at is not None
    [sms] = list((outbox / "sms").glob("*.json"))
    assert body["reference"] in sms.read_text()


def test_worker_runs_the_sweep_for_a_confirmation_whose_job_was_lost(
    client: Client, worker: CeleryWorker, outbox: Path, test_redis: str
) -> None:
    # Filed while the broker is unreachable: the reporter is answered, the job is lost.
    with celery_publishing_to("redis://127.0.0.1:1/0"):
        response = client.post(
            "/api/v1/reports", report_payload(language="en"), content_type="application/json"
        )
    assert response.status_code == 201
    reference = response.json()["reference"]
    Report.objects.filter(reference=reference).update(
        submitted_at=Report.objects.get(reference=reference).submitted_at - tasks.SWEEP_GRACE * 2
    )

    with celery_publishing_to(test_redis):
        tasks.sweep_unsent_confirmations.delay()

    deadline = time.monotonic() + WAIT_SECONDS
    while Report.objects.get(reference=reference).confirmation_sent_at is None:
        if time.monotonic() > deadline:
            pytest.fail(f"no confirmation within {WAIT_SECONDS} s; worker said:\n{worker.output()}")
        assert worker.is_running, worker.output()
        time.sleep(0.2)
    [sms] = list((outbox / "sms").glob("*.json"))
    assert reference in sms.read_text()
