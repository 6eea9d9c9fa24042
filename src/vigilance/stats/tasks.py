"""Celery entry points of the statistics: the periodic refresh of the aggregates."""

from celery import shared_task

from vigilance.stats.services import refresh


@shared_task(acks_late=True)
def statistics_refresh() -> int:
    """Recompute the months touched since the last refresh; how many were."""
    return len(refresh.statistics_refresh())
