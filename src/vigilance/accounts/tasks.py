"""Periodic work of staff accounts (Celery beat)."""

from celery import shared_task

from vigilance.accounts.services.backoff import sign_in_backoffs_purge


@shared_task(acks_late=True)
def purge_sign_in_backoffs() -> int:
    """Forget the sign-in failure counts gone quiet; the number forgotten."""
    return sign_in_backoffs_purge()
