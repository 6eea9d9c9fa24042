"""Periodic work on the audit trail: the signed checkpoint, every minute (Celery beat)."""

from celery import shared_task

from vigilance.audit import checkpoints


@shared_task(acks_late=True)
def audit_checkpoint_write() -> int | None:
    """Append a signed checkpoint; return the count it signed, or None when none could be
    written (a broken chain, logged as an error).

    Writing one twice (a redelivered task) is harmless: both lines are true.
    """
    checkpoint = checkpoints.audit_checkpoint_take(occasion="beat")
    return checkpoint.count if checkpoint is not None else None
