"""How often each value is checked, per day: the early warning of a scam wave.

Only (day, type, normal form, count) is kept: never an address, a browser or anything else about
who checked. With Redis configured (``settings.REDIS_URL``) a look-up costs one HINCRBY on the
day's hash and no database write; ``lookup_tallies_flush`` (a periodic task) adds those counts
to ``LookupTally``. Without Redis (the embedded shape) each look-up adds to its row at once.
"""

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterable

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

REDIS_PREFIX = "vigilance:lookup-tally:"
# Hashes being flushed are renamed under this prefix first, so that look-ups counted during the
# flush go to a fresh hash and a flush interrupted half-way is finished by the next one.
FLUSHING_PREFIX = "vigilance:lookup-tally-flushing:"
# A day's hash outlives its day long enough for a stopped worker to be restarted.
REDIS_KEEP_SECONDS = 7 * 24 * 60 * 60
FLUSH_LOCK = "vigilance:lookup-tally-flush-lock"
_SEPARATOR = "\x1f"

# The ORM's upsert can only overwrite a column; adding to it needs ON CONFLICT by hand
# (PostgreSQL and SQLite >= 3.24 share this syntax). The table is LookupTally's.
_UPSERT = (
    "INSERT INTO indicators_lookuptally (day, type, value, count) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (day, type, value) DO UPDATE "
    "SET count = indicators_lookuptally.count + excluded.count"
)

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def redis_client(url: str) -> redis.Redis:
    """One connection pool per process (and per URL), made on first use."""
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=1))
    return client


def lookup_tally_record(*, type: str, value: str) -> None:
    """Count one look-up of a valid, normalised value. A failure is logged, never raised: the
    person checking a number must get their answer even if the tally is lost."""
    day = timezone.localdate()
    if settings.REDIS_URL:
        _record_in_redis(day, type, value)
    else:
        _record_in_database(day, type, value)


def _record_in_redis(day: dt.date, type: str, value: str) -> None:
    key = REDIS_PREFIX + day.isoformat()
    try:
        pipeline = redis_client(settings.REDIS_URL).pipeline(transaction=False)
        pipeline.hincrby(key, type + _SEPARATOR + value, 1)
        pipeline.expire(key, REDIS_KEEP_SECONDS)
        pipeline.execute()
    except redis.RedisError as error:
        logger.warning("look-up not counted: %s", _name(error))


def _name(error: Exception) -> str:
    return error.__class__.__name__


def _record_in_database(day: dt.date, type: str, value: str) -> None:
    try:
        # One statement, atomic by itself: no transaction or savepoint around it.
        tallies_add({(day, type, value): 1})
    except DatabaseError as error:
        logger.warning("look-up not counted: %s", _name(error))


def tallies_add(counts: dict[tuple[dt.date, str, str], int]) -> None:
    """Add counts to the rows of (day, type, value), creating missing rows, in one statement per
    batch: concurrent writers add up instead of overwriting each other."""
    rows = [(day, kind, value, count) for (day, kind, value), count in counts.items() if count > 0]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)


def lookup_tallies_flush() -> int:
    """Move the counts kept in Redis into ``LookupTally``; returns how many rows were added to.

    A hash is renamed, written to the database, then deleted: a crash before the commit leaves
    it for the next flush; a crash between the commit and the delete (rare) counts it twice,
    which an early-warning figure tolerates better than losing it.
    """
    if not settings.REDIS_URL:
        return 0
    client = redis_client(settings.REDIS_URL)
    lock = client.lock(FLUSH_LOCK, timeout=10 * 60)
    if not lock.acquire(blocking=False):
        return 0  # another worker is flushing
    try:
        return _flush(client)
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:
            logger.warning("look-up tally flush outlived its lock")


def _flush(client: redis.Redis) -> int:
    for key in _keys(client, REDIS_PREFIX):
        day = key[len(REDIS_PREFIX) :]
        try:
            client.rename(key, f"{FLUSHING_PREFIX}{day}:{uuid.uuid4().hex}")
        except redis.ResponseError:
            continue  # emptied in the meantime
    written = 0
    for key in _keys(client, FLUSHING_PREFIX):
        day_text = key[len(FLUSHING_PREFIX) :].split(":", 1)[0]
        counts = _parse(day_text, client.hgetall(key).items())
        with transaction.atomic():
            tallies_add(counts)
        client.delete(key)
        written += len(counts)
    return written


def _keys(client: redis.Redis, prefix: str) -> list[str]:
    return [
        key.decode() if isinstance(key, bytes) else str(key)
        for key in client.scan_iter(match=prefix + "*", count=500)
    ]


def _parse(
    day_text: str, items: Iterable[tuple[bytes | str, bytes | str]]
) -> dict[tuple[dt.date, str, str], int]:
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        return {}
    counts: dict[tuple[dt.date, str, str], int] = {}
    for field, count in items:
        text = field.decode() if isinstance(field, bytes) else field
        kind, _, value = text.partition(_SEPARATOR)
        if kind and value:
            counts[(day, kind, value)] = counts.get((day, kind, value), 0) + int(count)
    return counts
