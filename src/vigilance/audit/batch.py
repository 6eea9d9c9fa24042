"""Group commit: the events of one batch of work are appended together, in one statement.

Inside ``with audit_batch():`` the events ``audit_record`` makes are held in memory, in order,
and appended to the chain when the block ends: the head's lock is taken once and every event
goes in one multi-row ``INSERT``, inside the block's transaction, before it commits. So an
event is stored exactly when the work it records is: the block is a transaction (or joins the
caller's), and an error inside it rolls back both the work and the held events.

An event recorded inside a savepoint opened within the block (a nested ``atomic``) is not held:
it is appended at once, inside that savepoint, so that rolling the savepoint back takes its event
with it. It then comes in the chain before the events still held (which cannot be written inside
a savepoint that might be rolled back without them). Until the block ends, the held events are
not in the table: code that reads the trail back inside the block must not expect them.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from vigilance.audit.append import chain_append
from vigilance.audit.models import AuditEvent


class _Batch:
    def __init__(self, savepoints: tuple[str, ...]) -> None:
        self.savepoints = savepoints
        self.held: list[AuditEvent] = []


class _Open(threading.local):
    def __init__(self) -> None:
        self.batch: _Batch | None = None


_open = _Open()


@contextmanager
def audit_batch() -> Iterator[None]:
    """Hold the events recorded inside the block and append them together at its end. A block
    inside another joins it."""
    if _open.batch is not None:
        yield
        return
    with transaction.atomic(savepoint=False):
        batch = _Batch(_savepoints())
        _open.batch = batch
        try:
            yield
            if not connection.needs_rollback:
                chain_append(batch.held)
        finally:
            _open.batch = None


def held_or_appended(event: AuditEvent) -> None:
    """Hold ``event`` in the open batch when it is recorded at the batch's own level; otherwise
    append it now."""
    batch = _open.batch
    if batch is not None and _savepoints() == batch.savepoints:
        batch.held.append(event)
        return
    chain_append([event])


def _savepoints() -> tuple[str, ...]:
    """The savepoints open now (an ``atomic`` without one stands as None in Django's list)."""
    return tuple(sid for sid in connection.savepoint_ids if sid is not None)
