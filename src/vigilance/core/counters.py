"""Counters of time windows that every web process shares: what the rate limits remember.

A window opens at its first hit and lasts its period. Redis counts when one is configured (every
process of every host sees the same count). Otherwise a small SQLite file of its own does, with
one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` per hit, atomic across processes: a cache
local to each process would let every gunicorn worker allow the full limit, and a file of its
own keeps these writes off the reports database's lock.
"""

import functools
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings

from vigilance.core.redis_clients import script_run

logger = logging.getLogger(__name__)

# How often a process deletes the windows that have ended (the file only; Redis expires keys).
PURGE_EVERY_SECONDS = 60.0
REDIS_PREFIX = "vigilance:rate:"

# INCR and the expiry of a new window in one step, so that no counter is left without expiry.
_REDIS_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {hits, left}
"""

# Several windows counted in turn, in one round trip, stopping at the first one beyond its limit
# (the later ones are then not counted). ARGV holds each key's period (ms) and limit. Answers the
# 1-based position of the window refused, or 0.
_REDIS_HIT_UNTIL_REFUSED = """
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  local left = redis.call('PTTL', key)
  if hits == 1 or left < 0 then redis.call('PEXPIRE', key, ARGV[2 * i - 1]) end
  if hits > tonumber(ARGV[2 * i]) then return i end
end
return 0
"""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rate_counter ("
    "key TEXT PRIMARY KEY, hits INTEGER NOT NULL, resets_at REAL NOT NULL)"
)
_HIT = (
    "INSERT INTO rate_counter (key, hits, resets_at) VALUES (?, 1, ?) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN resets_at <= ? THEN 1 ELSE hits + 1 END, "
    "resets_at = CASE WHEN resets_at <= ? THEN excluded.resets_at ELSE resets_at END "
    "RETURNING hits, resets_at"
)

_local = threading.local()
_purge_lock = threading.Lock()
_last_purge = 0.0


@dataclass(frozen=True)
class Window:
    hits: int
    resets_in: float


def counter_hit(key: str, period: int) -> Window:
    """Count one hit of ``key`` in its current window of ``period`` seconds."""
    if settings.RATELIMIT_REDIS_URL:
        return _redis_hit(key, period)
    return _file_hit(key, period)


def _redis_hit(key: str, period: int) -> Window:
    try:
        hits, left_ms = _redis_script(settings.RATELIMIT_REDIS_URL)(
            keys=[REDIS_PREFIX + key], args=[period * 1000]
        )
    except redis.RedisError:
        # Victims must still be able to file while Redis is down (/readyz names it): let through.
        logger.warning("rate limit not counted: Redis does not answer")
        return Window(hits=0, resets_in=0.0)
    return Window(hits=int(hits), resets_in=int(left_ms) / 1000)


@functools.cache
def _redis_script(url: str) -> "redis.commands.core.Script":
    return redis.Redis.from_url(url, socket_timeout=2).register_script(_REDIS_HIT)


def counters_hit_until_refused(windows: list[tuple[str, int, int]]) -> int | None:
    """Count one hit in each (key, period, limit) in turn, stopping at the first beyond its limit;
    return its position, or None when all allow it. One round trip with Redis."""
    if not settings.RATELIMIT_REDIS_URL:
        for position, (key, period, limit) in enumerate(windows):
            if _file_hit(key, period).hits > limit:
                return position
        return None
    keys = [REDIS_PREFIX + key for key, _period, _limit in windows]
    args: list[str | int] = [
        part for _key, period, limit in windows for part in (period * 1000, limit)
    ]
    try:
        url = settings.RATELIMIT_REDIS_URL
        refused = script_run(_redis_client(url), _redis_until_refused_script(url), keys, args)
    except redis.RedisError:
        logger.warning("rate limit not counted: Redis does not answer")
        return None
    return refused - 1 if refused else None


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2)


@functools.cache
def _redis_until_refused_script(url: str) -> "redis.commands.core.Script":
    return _redis_client(url).register_script(_REDIS_HIT_UNTIL_REFUSED)


def _file_hit(key: str, period: int) -> Window:
    now = time.time()
    database = _file()
    hits, resets_at = database.execute(_HIT, (key, now + period, now, now)).fetchone()
    _purge_now_and_then(database, now)
    return Window(hits=int(hits), resets_in=max(0.0, float(resets_at) - now))


def _file() -> sqlite3.Connection:
    """This thread's connection to the counters' file (a new one after a fork or a new path)."""
    path = str(settings.RATELIMIT_COUNTERS_PATH)
    opened = getattr(_local, "opened", None)
    if opened is not None and opened[:2] == (os.getpid(), path):
        return opened[2]
    if opened is not None and opened[0] == os.getpid():
        opened[2].close()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # Autocommit: each hit is its own short write; lost counts at a power cut are harmless.
    database = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=True)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=OFF")
    database.execute(_SCHEMA)
    _local.opened = (os.getpid(), path, database)
    return database


def _purge_now_and_then(database: sqlite3.Connection, now: float) -> None:
    global _last_purge
    if now - _last_purge < PURGE_EVERY_SECONDS or not _purge_lock.acquire(blocking=False):
        return
    try:
        _last_purge = now
        database.execute("DELETE FROM rate_counter WHERE resets_at <= ?", (now,))
    finally:
        _purge_lock.release()
