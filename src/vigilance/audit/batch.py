"""Group commit: the events of one batch of work are appended together, in one statement.

Inside ``with audit_batch():`` (or a function decorated ``@audit_batch()``) the events
``audit_record`` makes are held in memory, in the order they were recorded, and appended to the
chain when the block ends: the head's lock is taken once, as late as possible, and every event
goes in one multi-row ``INSERT``, inside the block's transaction, before it commits. So an event
is stored exactly when the work it records is: the block is a transaction (or joins the
caller's), and an error inside it rolls back both the work and the held events.

An event recorded inside a savepoint opened within the block (a nested ``atomic``: the services
a request path calls) is held too, and kept only if that savepoint and every one around it
inside the block were released, not rolled back: Django drops the ``on_commit`` callbacks of a
rolled-back savepoint, and the batch registers one (doing nothing) per such event to learn it.
Until the block ends, the held events are not in the table: code that reads the trail back
inside the block must not expect them.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from vigilance.audit.append import chain_append
from vigilance.audit.models import AuditEvent


class _Batch:
    def __init__(self, savepoints: tuple[str, ...]) -> None:
        self.savepoints = savepoints
        # (event, the callback that stands for its savepoints, None at the batch's own level)
        self.held: list[tuple[AuditEvent, Callable[[], None] | None]] = []


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
                chain_append(_kept(batch))
        finally:
            _open.batch = None


def held_or_appended(event: AuditEvent) -> None:
    """Hold ``event`` in the open batch when it is recorded inside the batch's transaction;
    otherwise append it now."""
    batch = _open.batch
    savepoints = _savepoints()
    if batch is None or savepoints[: len(batch.savepoints)] != batch.savepoints:
        chain_append([event])
        return
    if savepoints == batch.savepoints:
        batch.held.append((event, None))
        return

    def marker() -> None:
        """Stands for the event's savepoints: Django drops it if one of them is rolled back."""

    transaction.on_commit(marker)
    batch.held.append((event, marker))


def _kept(batch: _Batch) -> list[AuditEvent]:
    """The held events whose savepoints were all released, in the order they were recorded."""
    # Django's list of callbacks waiting for the commit, without those of rolled-back
    # savepoints (``(savepoint ids, callback, robust)``).
    waiting = {id(entry[1]) for entry in connection.run_on_commit}
    return [event for event, marker in batch.held if marker is None or id(marker) in waiting]


def _savepoints() -> tuple[str, ...]:
    """The savepoints open now (an ``atomic`` without one stands as None in Django's list)."""
    return tuple(sid for sid in connection.savepoint_ids if sid is not None)
