"""Freezes proposed at a report's arrival, in batches: the filing records the report as waiting
in its own transaction, a batch proposes the freezes of every report waiting, once each, and a
failure leaves its report to its own retries without holding up the others."""

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from tests.requisitions.conftest import fraud_report
from tests.support.live_process import celery_publishing_to
from vigilance.audit.models import AuditEvent
from vigilance.intake.models import Report
from vigilance.requisitions import tasks
from vigilance.requisitions.models import ArrivalAwaitingFreeze, FreezeRequest, FreezeStatus
from vigilance.requisitions.services import arrival_freezes
from vigilance.requisitions.services.arrival_freezes import arrivals_propose_freezes
from vigilance.requisitions.services.freeze_proposals import Trigger, freeze_propose_for_report

pytestmark = pytest.mark.django_db

LARGE = 600_000


def waiting() -> set[int]:
    return set(ArrivalAwaitingFreeze.objects.values_list("report_id", flat=True))


def test_a_large_loss_waits_in_the_filings_transaction_and_a_small_one_does_not() -> None:
    # The test's transaction never commits: what waits was written by the filing itself.
    large = fraud_report(amount=LARGE)
    small = fraud_report(amount=50_000)
    assert waiting() == {large.pk}
    assert not FreezeRequest.objects.filter(report__in=[large, small]).exists()


def test_a_batch_proposes_each_large_loss_once_and_clears_what_waits() -> None:
    first, second = fraud_report(amount=LARGE), fraud_report(amount=700_000)
    small = fraud_report(amount=50_000)

    done = arrivals_propose_freezes(limit=50)
    again = arrivals_propose_freezes(limit=50)

    assert (done.taken, done.proposed, done.failed, again.taken) == (2, 2, [], 0)
    assert waiting() == set()
    assert not FreezeRequest.objects.filter(report=small).exists()
    for report, amount in ((first, LARGE), (second, 700_000)):
        [freeze] = FreezeRequest.objects.filter(report=report)
        assert (freeze.issuer.code, freeze.account) == ("mtn_momo", "+237677889900")
        assert (freeze.amount_asked, freeze.status) == (amount, FreezeStatus.AWAITING_APPROVAL)
        assert freeze.reference.startswith(f"GEL-{freeze.created_at.year}-")
        event = AuditEvent.objects.get(object_id=freeze.reference)
        assert (event.action, event.actor_label) == (
            "freeze.proposed_at_arrival",
            "job:freeze_proposal",
        )
        assert event.details["report"] == report.reference
    # Numbered in one go, yet each its own reference.
    assert FreezeRequest.objects.values("reference").distinct().count() == 2


def test_a_report_already_proposed_by_its_triage_gets_no_second_freeze() -> None:
    report = fraud_report(amount=LARGE)
    by_triage = freeze_propose_for_report(report=report, trigger=Trigger.TRIAGE)

    done = arrivals_propose_freezes(limit=50)

    assert (done.taken, done.proposed) == (1, 0)
    assert list(FreezeRequest.objects.filter(report=report)) == [by_triage]
    assert waiting() == set()


def test_a_batch_takes_the_oldest_first_up_to_its_limit() -> None:
    reports = [fraud_report(amount=LARGE) for _index in range(3)]
    for age, report in zip((3, 2, 1), reports, strict=True):
        ArrivalAwaitingFreeze.objects.filter(report=report).update(
            arrived_at=report.submitted_at - dt.timedelta(minutes=age)
        )

    done = arrivals_propose_freezes(limit=2)

    assert done.taken == 2
    assert waiting() == {reports[2].pk}


def test_a_failed_proposal_is_retried_and_does_not_lose_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failing, fine = fraud_report(amount=LARGE), fraud_report(amount=LARGE)
    real = arrival_freezes.proposal_due

    def breaks_on_one(report: Report, *args: Any) -> Any:
        if report.pk == failing.pk:
            raise ValueError("a receipt the parser chokes on")
        return real(report, *args)

    monkeypatch.setattr(arrival_freezes, "proposal_due", breaks_on_one)
    done = arrivals_propose_freezes(limit=50)

    assert (done.taken, done.proposed, done.failed) == (2, 1, [failing.pk])
    assert FreezeRequest.objects.filter(report=fine).count() == 1
    assert list(ArrivalAwaitingFreeze.objects.values_list("report_id", "attempts")) == [
        (failing.pk, 1)
    ]
    # Batches leave it to its own retries, which propose it once the fault is gone.
    assert arrivals_propose_freezes(limit=50).taken == 0
    monkeypatch.setattr(arrival_freezes, "proposal_due", real)
    assert tasks.propose_arrival_freeze.delay(failing.pk).get().startswith("GEL-")
    assert FreezeRequest.objects.filter(report=failing).count() == 1
    assert waiting() == set()


def test_a_failed_retry_counts_its_attempt_and_keeps_the_report_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = fraud_report(amount=LARGE)

    def broken(**kwargs: Any) -> None:
        raise ValueError("the proposal fails")

    monkeypatch.setattr(arrival_freezes, "freeze_propose_for_report", broken)

    assert tasks.propose_arrival_freeze.delay(report.pk).get() == "failed"
    assert list(ArrivalAwaitingFreeze.objects.values_list("report_id", "attempts")) == [
        (report.pk, 1)
    ]


def test_embedded_the_filing_proposes_its_own_freeze_at_once(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = fraud_report(amount=LARGE)

    assert FreezeRequest.objects.filter(report=report).count() == 1
    assert waiting() == set()


def test_the_sweep_takes_the_arrivals_waiting_too_long_only() -> None:
    late, recent = fraud_report(amount=LARGE), fraud_report(amount=LARGE)
    ArrivalAwaitingFreeze.objects.filter(report=late).update(
        arrived_at=late.submitted_at - tasks.ARRIVALS_SWEEP_GRACE * 2
    )

    assert tasks.sweep_arrivals_awaiting_freeze.delay().get() == 1

    assert FreezeRequest.objects.filter(report=late).count() == 1
    assert waiting() == {recent.pk}


# Two workers at once (PostgreSQL: SQLite runs one writer). The filings commit; their jobs are
# lost with a broker out of reach, so the reports wait for the batches the tests run.


def filed_waiting(count: int) -> list[Report]:
    with celery_publishing_to("redis://127.0.0.1:1/0"):
        reports = [fraud_report(amount=LARGE) for _index in range(count)]
    assert waiting() == {report.pk for report in reports}
    return reports


def other_worker_holds(report: Report, locked: threading.Event, release: threading.Event) -> None:
    with transaction.atomic():
        ArrivalAwaitingFreeze.objects.select_for_update().get(report=report)
        locked.set()
        release.wait(10)
    connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_another_worker_holds_is_skipped_not_proposed_twice() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's; SQLite runs one writer")
    held, free = filed_waiting(2)
    locked, release = threading.Event(), threading.Event()
    other = threading.Thread(target=other_worker_holds, args=(held, locked, release))
    other.start()
    assert locked.wait(10)
    try:
        done = arrivals_propose_freezes(limit=50)
    finally:
        release.set()
        other.join(10)

    assert (done.taken, done.proposed) == (1, 1)
    assert waiting() == {held.pk}
    assert FreezeRequest.objects.filter(report=free).count() == 1
    assert not FreezeRequest.objects.filter(report=held).exists()
    assert arrivals_propose_freezes(limit=50).proposed == 1
    assert FreezeRequest.objects.filter(report=held).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_draining_at_once_propose_each_report_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are PostgreSQL's; SQLite runs one writer")
    reports = filed_waiting(12)
    start = threading.Barrier(2)
    taken: list[int] = []

    def drain() -> None:
        start.wait(10)
        while done := arrivals_propose_freezes(limit=3):
            if not done.taken:
                break
            taken.append(done.taken)
        connection.close()

    workers = [threading.Thread(target=drain) for _index in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    assert sum(taken) == len(reports)
    assert FreezeRequest.objects.filter(report__in=reports).count() == len(reports)
    assert waiting() == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_triage_proposing_meanwhile_does_not_stop_the_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a second connection writing meanwhile needs PostgreSQL")
    raced, other = filed_waiting(2)
    planned = arrival_freezes._freezes_for

    def triage_commits_first(*args: Any) -> Any:
        # The batch has read what was proposed; the triage's job commits its freeze now.
        thread = threading.Thread(target=triage_proposes, args=(raced,))
        thread.start()
        thread.join(10)
        return planned(*args)

    monkeypatch.setattr(arrival_freezes, "_freezes_for", triage_commits_first)
    done = arrivals_propose_freezes(limit=50)

    assert (done.taken, done.proposed, done.failed) == (2, 1, [])
    assert FreezeRequest.objects.filter(report=raced).count() == 1
    assert FreezeRequest.objects.filter(report=other).count() == 1
    assert waiting() == set()


def triage_proposes(report: Report) -> None:
    freeze_propose_for_report(report=report, trigger=Trigger.TRIAGE)
    connection.close()
