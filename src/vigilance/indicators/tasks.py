"""Periodic work on indicators, run by Celery beat in the production shape."""

import logging

from celery import shared_task

from vigilance.indicators.tallies import lookup_tallies_flush

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def flush_lookup_tallies() -> int:
    """Add the look-ups counted in Redis to the daily tallies in the database."""
    written = lookup_tallies_flush()
    if written:
        logger.info("look-up tallies flushed: %s values", written)
    return written
