"""Background work on reports, run after the commit (Celery, or in-process when embedded).

Nothing here is the only chance for a job: the periodic sweep re-enqueues any confirmation that
was committed but never sent, whether its job was lost with the broker or failed too often.
"""

import datetime as dt
import logging

from celery import Task, shared_task

from vigilance.core.batch_jobs import BatchJob
from vigilance.intake import notifications

logger = logging.getLogger(__name__)

# A confirmation normally goes out within seconds; after this long its job is presumed lost.
SWEEP_GRACE = dt.timedelta(minutes=5)
SWEEP_BATCH = 500
RETRY_SECONDS = 60
# The mark, in the broker's Redis, that a job sending the waiting confirmations is queued.
WAITING_JOB_QUEUED = "vigilance:waiting-confirmations-queued"
# Reports per transaction: a worker lost mid-batch sends at most this many twice.
WAITING_BATCH = 50
WAITING_BATCHES_PER_JOB = 20


@shared_task(bind=True, max_retries=3, default_retry_delay=RETRY_SECONDS, acks_late=True)
def send_report_confirmation(self: Task, report_id: int) -> str:
    try:
        return notifications.send_confirmation(report_id).value
    except notifications.DeliveryFailed as error:
        if self.request.is_eager:
            # In-process, retrying at once would only hold up the reporter's request.
            return "failed"
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=3, default_retry_delay=60, acks_late=True)
def send_message_notice(self: Task, report_id: int) -> str:
    try:
        return notifications.send_message_notice(report_id).value
    except notifications.DeliveryFailed as error:
        if self.request.is_eager:
            return "failed"
        raise self.retry(exc=error) from error


def enqueue_message_notice(report_id: int) -> None:
    """Queue the notice that a message waits; the message itself is on the follow page anyway."""
    try:
        send_message_notice.delay(report_id)
    except Exception as error:
        logger.warning(
            "message notice for report %s not queued: %s", report_id, type(error).__name__
        )


def enqueue_report_confirmation(report_id: int) -> None:
    """Have a report's confirmation sent; if the broker is down, leave the report for the sweep.

    Called after the report's commit: the reporter must get their reference even then. With a
    broker, one job sends the confirmations of every report waiting (decision 0042): a filing
    queues that job only when none is queued already, so a busy hour costs a few jobs a second
    instead of one a report. Embedded, the job runs in process for this report alone.
    """
    try:
        if send_waiting_confirmations.app.conf.task_always_eager:
            send_report_confirmation.delay(report_id)
        else:
            _waiting_job().queue()
    except Exception as error:
        logger.warning(
            "confirmation for report %s not queued, left for the sweep: %s",
            report_id,
            type(error).__name__,
        )


@shared_task(acks_late=True)
def send_waiting_confirmations() -> int:
    """Send the confirmations of every report waiting for its first; how many were taken.

    The mark is cleared before the first batch is read: a report committed after that point
    queues a job of its own, one committed before it is in the batches read here. A failure is
    retried by the report's own job, a minute later, as when each report had its job.
    """
    _waiting_job().mark_clear()
    taken = 0
    for _batch in range(WAITING_BATCHES_PER_JOB):
        sent = notifications.send_waiting_confirmations(limit=WAITING_BATCH)
        taken += sent.taken
        for report_id in sent.failed:
            send_report_confirmation.apply_async((report_id,), countdown=RETRY_SECONDS)
        if sent.taken < WAITING_BATCH or sent.failed:
            return taken
    # Still more waiting: another job takes over, behind the jobs queued meanwhile.
    _waiting_job().queue_next()
    return taken


def _waiting_job() -> BatchJob:
    return BatchJob(task=send_waiting_confirmations, mark=WAITING_JOB_QUEUED)


@shared_task(acks_late=True)
def sweep_unsent_confirmations() -> int:
    """Re-enqueue confirmations committed a while ago and still unsent, oldest first."""
    report_ids = notifications.unsent_confirmations(older_than=SWEEP_GRACE, limit=SWEEP_BATCH)
    for report_id in report_ids:
        send_report_confirmation.delay(report_id)
    if report_ids:
        logger.info("sweep re-enqueued %s unsent confirmations", len(report_ids))
    return len(report_ids)
