"""Periodic jobs of the workspace (CELERY_BEAT_SCHEDULE): thin entry points to
``cases.services.digests``."""

from celery import shared_task

from vigilance.cases.services import digests


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One e-mail per person with unread notifications not yet e-mailed."""
    return digests.digests_send()


@shared_task(acks_late=True)
def notify_deadlines_due() -> int:
    """Notify the assignees of tasks due today or overdue, once per task and per day."""
    return digests.deadlines_notify()
