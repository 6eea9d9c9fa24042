"""Whether the streaming replica may serve reads now: it answers, and it is not further behind
the primary than ``REPLICA_MAX_LAG_SECONDS``.

The answer is kept ``REPLICA_HEALTH_SECONDS`` per process, so a page pays for one small query
every few seconds at most; a replica that fails in between is caught by the middleware of
``core/replica.py``, which runs the page again on the primary.
"""

import logging
import threading
import time
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"

logger = logging.getLogger(__name__)

# Not in recovery: the replica was promoted, it is a primary now and lags nothing. Nothing left
# to replay: no lag, however old the last transaction. Otherwise: the age of the last replayed
# transaction (NULL if none was ever replayed, which counts as too far behind).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""

_lock = threading.Lock()
_checked_at = [float("-inf")]
_usable = [False]


def replica_lag_seconds() -> float | None:
    """How far the replica is behind, in seconds; None if it cannot be asked."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("replica unreachable: %s", error.__class__.__name__)
        with suppress(DatabaseError):
            connection.close()
        return None
    if row is None or row[0] is None:
        return None
    return float(row[0])


def replica_usable() -> bool:
    """The replica answers and lags at most ``REPLICA_MAX_LAG_SECONDS`` (cached a few seconds)."""
    now = time.monotonic()
    if now - _checked_at[0] < settings.REPLICA_HEALTH_SECONDS:
        return _usable[0]
    with _lock:
        if now - _checked_at[0] < settings.REPLICA_HEALTH_SECONDS:
            return _usable[0]
        lag = replica_lag_seconds()
        usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable and lag is not None:
            logger.warning("replica %.1f s behind: reads go to the primary", lag)
        _usable[0] = usable
        _checked_at[0] = time.monotonic()
        return usable


def replica_health_forget() -> None:
    """Ask the replica again at the next read (after a failure, and in tests)."""
    with _lock:
        _checked_at[0] = float("-inf")


def replica_mark_down() -> None:
    """The replica just failed a query: send reads to the primary until the next check."""
    with _lock:
        _usable[0] = False
        _checked_at[0] = time.monotonic()
