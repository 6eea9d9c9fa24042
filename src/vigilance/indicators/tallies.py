"""How often each value is checked, per day: the early warning of a scam wave.

Only (day, type, normal form, count) is kept: never an address, a browser or anything else about
who checked. With Redis configured (``settings.REDIS_URL``) each process adds up its look-ups
for ``LOOKUP_TALLY_BUFFER_SECONDS`` and sends them in one script call per day, which adds each
count to the day's hash (no database write, and no Redis round trip on most look-ups);
``lookup_tallies_flush`` (a periodic task) adds those counts to ``LookupTally``. Counts still in
a process's buffer are sent by its next look-up or when it exits. Without Redis (the embedded
shape) each look-up adds to its row at once.
"""

import atexit
import datetime as dt
import functools
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from redis.commands.core import Script

from vigilance.core.redis_clients import redis_client, script_run

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


def lookup_tally_record(*, type: str, value: str) -> None:
    """Count one look-up of a valid, normalised value. A failure is logged, never raised: the
    person checking a number must get their answer even if the tally is lost."""
    day = timezone.localdate()
    if settings.REDIS_URL:
        _record_in_redis(day, type, value)
    else:
        _record_in_database(day, type, value)


# Look-ups counted in this process and not yet sent: (day, "type<sep>value") -> count.
_buffer: Counter[tuple[str, str]] = Counter()
_buffer_lock = threading.Lock()
_buffer_sent_at = [time.monotonic()]
_BUFFER_MAX = 500


def _record_in_redis(day: dt.date, type: str, value: str) -> None:
    with _buffer_lock:
        _buffer[(day.isoformat(), type + _SEPARATOR + value)] += 1
        waited = time.monotonic() - _buffer_sent_at[0]
        if waited < settings.LOOKUP_TALLY_BUFFER_SECONDS and len(_buffer) < _BUFFER_MAX:
            return
        pending = _buffer_take()
    _send(pending)


def _buffer_take() -> dict[tuple[str, str], int]:
    pending = dict(_buffer)
    _buffer.clear()
    _buffer_sent_at[0] = time.monotonic()
    return pending


def lookup_tallies_send_buffered() -> None:
    """Send what this process counted and has not sent yet (at exit, and for tests)."""
    with _buffer_lock:
        pending = _buffer_take()
    if pending and settings.REDIS_URL:
        _send(pending)


atexit.register(lookup_tallies_send_buffered)


# Adds each (field, count) of ARGV[2..] to the day's hash KEYS[1], which lives ARGV[1] seconds:
# one command for the whole buffer instead of one HINCRBY per value checked.
_ADD_TO_DAY = """
for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 0
"""


def _send(pending: dict[tuple[str, str], int]) -> None:
    by_day: dict[str, list[str | int]] = {}
    for (day, field), count in pending.items():
        by_day.setdefault(day, [REDIS_KEEP_SECONDS]).extend((field, count))
    client = redis_client(settings.REDIS_URL)
    try:
        for day, args in by_day.items():
            script_run(client, _add_to_day_script(client), [REDIS_PREFIX + day], args)
    except redis.RedisError as error:
        logger.warning("%s look-ups not counted: %s", sum(pending.values()), _name(error))


@functools.cache
def _add_to_day_script(client: redis.Redis) -> Script:
    return client.register_script(_ADD_TO_DAY)


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
