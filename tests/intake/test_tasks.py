"""Confirmations to reporters: sent once, never lost, in the report's language, without the code."""

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from tests.factories import report_draft
from vigilance.intake import notifications, services, tasks
from vigilance.intake.models import Channel, Report

pytestmark = pytest.mark.django_db


def sms_sent(settings: Settings) -> list[dict[str, Any]]:
    folder = Path(settings.SMS_FILE_PATH)
    if not folder.exists():
        return []
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]


def submit(django_capture_on_commit_callbacks, *, run_jobs: bool = True, **changes: Any):  # type: ignore[no-untyped-def]
    """File a report; with ``run_jobs=False`` its confirmation job is lost before it runs."""
    with django_capture_on_commit_callbacks(execute=run_jobs):
        return services.report_submit(draft=report_draft(**changes), channel=Channel.WEB)


def age(report: Report, minutes: int) -> None:
    Report.objects.filter(pk=report.pk).update(
        submitted_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


@pytest.fixture
def reporter_with_phone_and_email() -> services.ReporterInput:
    return services.ReporterInput(name="John Ebai", email="john@example.cm", phone="677 12 34 56")


@pytest.fixture
def unreachable_mail_server(settings: Settings) -> Iterator[None]:
    """A real SMTP connection to a closed port of this machine: delivery fails as it would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 2
    yield
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_confirmation_is_sent_once_however_often_its_job_runs(
    django_capture_on_commit_callbacks, settings, reporter_with_phone_and_email
) -> None:  # type: ignore[no-untyped-def]
    submitted = submit(django_capture_on_commit_callbacks, reporter=reporter_with_phone_and_email)

    tasks.send_report_confirmation.delay(submitted.report.pk)
    tasks.send_report_confirmation.delay(submitted.report.pk)

    assert len(mail.outbox) == 1
    assert len(sms_sent(settings)) == 1
    report = Report.objects.get(pk=submitted.report.pk)
    assert report.confirmation_sent_at is not None
    assert report.confirmation_attempts == 1


def test_a_second_run_reports_that_the_confirmation_already_went_out(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    submitted = submit(django_capture_on_commit_callbacks)

    outcome = notifications.send_confirmation(submitted.report.pk)

    assert outcome is notifications.Outcome.ALREADY_SENT
    assert len(mail.outbox) == 1


def test_sweep_sends_the_confirmation_whose_job_was_lost(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    lost = submit(django_capture_on_commit_callbacks, run_jobs=False).report
    age(lost, minutes=10)
    assert mail.outbox == []

    swept = tasks.sweep_unsent_confirmations.delay().get()

    assert swept == 1
    assert [message.to for message in mail.outbox] == [["john@example.cm"]]
    assert Report.objects.get(pk=lost.pk).confirmation_sent_at is not None
    assert tasks.sweep_unsent_confirmations.delay().get() == 0
    assert len(mail.outbox) == 1


def test_sweep_leaves_recent_reports_to_their_own_job(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    submit(django_capture_on_commit_callbacks, run_jobs=False)

    assert tasks.sweep_unsent_confirmations.delay().get() == 0
    assert mail.outbox == []


def test_sweep_takes_the_oldest_reports_first_in_bounded_batches(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    reports = [submit(django_capture_on_commit_callbacks, run_jobs=False).report for _ in range(3)]
    for minutes, report in zip((30, 90, 60), reports, strict=True):
        age(report, minutes=minutes)

    batch = notifications.unsent_confirmations(older_than=tasks.SWEEP_GRACE, limit=2)

    assert batch == [reports[1].pk, reports[2].pk]


def test_failed_delivery_leaves_the_report_for_a_later_attempt(
    django_capture_on_commit_callbacks, unreachable_mail_server, settings
) -> None:  # type: ignore[no-untyped-def]
    report = submit(django_capture_on_commit_callbacks).report

    failed = Report.objects.get(pk=report.pk)
    assert failed.confirmation_sent_at is None
    assert failed.confirmation_attempts == 1
    with pytest.raises(notifications.DeliveryFailed):
        notifications.send_confirmation(report.pk)
    assert Report.objects.get(pk=report.pk).confirmation_attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(report, minutes=10)
    assert tasks.sweep_unsent_confirmations.delay().get() == 1
    assert len(mail.outbox) == 1
    assert Report.objects.get(pk=report.pk).confirmation_sent_at is not None


def test_sweep_gives_up_after_many_failed_attempts(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    report = submit(django_capture_on_commit_callbacks, run_jobs=False).report
    age(report, minutes=10)
    Report.objects.filter(pk=report.pk).update(
        confirmation_attempts=notifications.MAX_CONFIRMATION_ATTEMPTS
    )

    assert tasks.sweep_unsent_confirmations.delay().get() == 0


def test_anonymous_report_is_done_with_nothing_sent(
    django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    report = submit(
        django_capture_on_commit_callbacks,
        reporter=services.ReporterInput(is_anonymous=True),
    ).report

    assert mail.outbox == []
    assert sms_sent(settings) == []
    done = Report.objects.get(pk=report.pk)
    assert done.confirmation_sent_at is not None
    assert done.confirmation_attempts == 0
    age(report, minutes=10)
    assert tasks.sweep_unsent_confirmations.delay().get() == 0


def test_anonymous_tip_completed_later_gets_its_confirmation(
    django_capture_on_commit_callbacks, reporter_with_phone_and_email
) -> None:  # type: ignore[no-untyped-def]
    report = submit(
        django_capture_on_commit_callbacks,
        reporter=services.ReporterInput(is_anonymous=True),
    ).report

    with django_capture_on_commit_callbacks(execute=True):
        services.report_complete_identity(report=report, reporter=reporter_with_phone_and_email)

    assert [message.to for message in mail.outbox] == [["john@example.cm"]]
    assert report.reference in mail.outbox[0].body
    assert Report.objects.get(pk=report.pk).confirmation_sent_at is not None


def test_confirmation_speaks_the_report_language_and_omits_the_tracking_code(
    django_capture_on_commit_callbacks, settings, reporter_with_phone_and_email
) -> None:  # type: ignore[no-untyped-def]
    # Filed from an English page while French is active here: the report's language wins.
    with translation.override("fr"):
        submitted = submit(
            django_capture_on_commit_callbacks,
            reporter=reporter_with_phone_and_email,
            language="en",
        )

    reference = submitted.report.reference
    [message] = mail.outbox
    [sms] = sms_sent(settings)
    assert message.subject == f"Your report {reference} has been received"
    assert message.to == ["john@example.cm"]
    assert sms["to"] == "+237677123456"
    for text in (message.subject, message.body, sms["text"]):
        assert submitted.tracking_code not in text
        assert submitted.tracking_code.replace("-", "") not in text
    for text in (message.body, sms["text"]):
        assert f"your report {reference} has been received" in text
        assert f"{settings.PUBLIC_BASE_URL}/en/follow/" in text


def test_french_report_points_to_the_french_follow_page(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        submitted = submit(django_capture_on_commit_callbacks, language="fr")

    [message] = mail.outbox
    assert "/fr/follow/" in message.body
    assert submitted.tracking_code not in message.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_worker_waits_for_the_first_and_sends_nothing() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's; SQLite runs one writer")
    report = services.report_submit(draft=report_draft(), channel=Channel.WEB).report
    Report.objects.filter(pk=report.pk).update(confirmation_sent_at=None)
    mail.outbox.clear()
    locked, release = threading.Event(), threading.Event()
    outcomes: list[notifications.Outcome] = []

    def first_worker_delivering() -> None:
        with transaction.atomic():
            Report.objects.select_for_update().get(pk=report.pk)
            locked.set()
            release.wait(10)
            Report.objects.filter(pk=report.pk).update(confirmation_sent_at=timezone.now())
        connection.close()

    def second_worker() -> None:
        outcomes.append(notifications.send_confirmation(report.pk))
        connection.close()

    first = threading.Thread(target=first_worker_delivering)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=second_worker)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second worker did not wait for the first one's lock"
    release.set()
    first.join(10)
    second.join(10)

    assert outcomes == [notifications.Outcome.ALREADY_SENT]
    assert mail.outbox == []
