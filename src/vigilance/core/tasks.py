"""Periodic work of the platform itself: the monthly partitions, created ahead (Celery beat)."""

from celery import shared_task

from vigilance.core.partitions import partitions_ensure


@shared_task(acks_late=True)
def partitions_ensure_ahead() -> list[str]:
    """Create the months ahead of every partitioned table; return the partitions created.
    Running it twice (a redelivered task) finds the work done."""
    return partitions_ensure()
