"""Background work on reports, run after the commit (Celery, or in-process when embedded)."""

from celery import Task, shared_task

from vigilance.intake import notifications


@shared_task(bind=True, max_retries=8, default_retry_delay=60, acks_late=True)
def send_report_confirmation(self: Task, report_id: int) -> None:
    try:
        notifications.send_confirmation(report_id)
    except notifications.DeliveryFailed as error:
        raise self.retry(exc=error) from error
