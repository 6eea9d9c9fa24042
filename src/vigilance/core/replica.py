"""Reads that may be served by a PostgreSQL streaming replica: the public look-up, statistics
and search. Nothing else ever reads from it.

Code opts in with ``with replica_reads():`` or the ``reads_from_replica`` view decorator; the
router (``ReplicaRouter``) then sends its reads to the ``replica`` database when
``DATABASE_REPLICA_URL`` configures one. Writes always go to the primary.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings

REPLICA = "replica"
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads made inside this block go to the replica."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose reads may be served by the replica."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside ``replica_reads()`` go to the replica when there is one; all else to the
    primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _replica_allowed.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
