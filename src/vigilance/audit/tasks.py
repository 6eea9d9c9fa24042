"""Periodic work on the audit trail: the signed checkpoint, every quarter of an hour (beat)."""

import logging

from celery import shared_task

from vigilance.audit import checkpoints

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def audit_checkpoint_write() -> int | None:
    """Append a signed checkpoint; return the count it signed, or None when the chain is broken.

    Writing one twice (a redelivered task) is harmless: both lines are true.
    """
    try:
        checkpoint = checkpoints.audit_checkpoint_write()
    except checkpoints.ChainNotVerified as error:
        logger.error("no audit checkpoint written: %s", error)
        return None
    return checkpoint.count
