"""Periodic jobs of the alerts (CELERY_BEAT_SCHEDULE): thin entry points to the services."""

from celery import shared_task

from vigilance.alerts.services import waves as wave_services


@shared_task(acks_late=True)
def waves_detect() -> int:
    """Look for scam waves; each new one becomes a finding and a draft alert for the editors."""
    return len(wave_services.waves_detect())
