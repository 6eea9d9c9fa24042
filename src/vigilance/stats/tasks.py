"""Celery entry points of the statistics: the periodic refresh of the aggregates."""

from celery import shared_task

from vigilance.stats.services import refresh


@shared_task(acks_late=True)
def statistics_refresh() -> int:
    """Recompute the months touched since the last refresh; how many were."""
    return len(refresh.statistics_refresh())


@shared_task(acks_late=True)
def annual_report_issue_job(*, year: int, actor_id: int) -> str:
    """Render, sign and keep the annual report asked for from the ministry's page; its SHA-256."""
    import hashlib

    from vigilance.accounts.models import User
    from vigilance.stats.annual_report.services import annual_report_issue

    actor = User.objects.get(pk=actor_id)
    return hashlib.sha256(annual_report_issue(actor=actor, year=year)).hexdigest()
