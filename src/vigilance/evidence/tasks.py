"""Periodic work on the evidence store: re-hashing every file, purging abandoned uploads."""

import logging

from celery import shared_task

from vigilance.evidence import selectors, services

logger = logging.getLogger(__name__)

JOB_LABEL = "evidence job"
BATCH_SIZE = 200


@shared_task(acks_late=True)
def verify_evidence_batch(batch_size: int = BATCH_SIZE) -> int:
    """Re-hash every stored file; log each mismatch (by public id only) and return how many failed."""
    failed = 0
    for batch in selectors.evidence_in_batches(selectors.evidence_stored(), batch_size=batch_size):
        for evidence in batch:
            if not services.evidence_verify(evidence=evidence, actor_label=JOB_LABEL):
                failed += 1
                logger.error("evidence %s failed its integrity check", evidence.public_id)
    return failed


@shared_task(acks_late=True)
def purge_abandoned_evidence(batch_size: int = BATCH_SIZE) -> int:
    """Delete the files of staged evidence never attached to a report; return how many went."""
    purged = 0
    abandoned = selectors.evidence_abandoned()
    for batch in selectors.evidence_in_batches(abandoned, batch_size=batch_size):
        for evidence in batch:
            purged += services.evidence_purge(evidence=evidence, actor_label=JOB_LABEL)
    if purged:
        logger.info("purged %s abandoned evidence files", purged)
    return purged
