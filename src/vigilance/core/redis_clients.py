"""One Redis connection pool per process and per URL, made on first use and shared by threads;
and a Lua script run on one of its connections without redis-py's command layer, for the
public look-up's every request (its rate limits) and its tallies."""

import threading

import redis
from redis.commands.core import Script

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def redis_client(url: str) -> redis.Redis:
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=1))
    return client


def script_run(client: redis.Redis, script: Script, keys: list[str], args: list[str | int]) -> int:
    """``script(keys=keys, args=args, client=client)`` for a script answering an integer, written
    as one EVALSHA on a connection of ``client``'s pool.

    redis-py's command layer (retries, metrics, reply callbacks, a generic encoder) cost about
    three times the round trip itself (docs/benchmarks.md). Whatever goes wrong (a server that
    lost its scripts, a dropped connection) is left to redis-py's own call, which loads the script
    again or reconnects and retries, as before.
    """
    pool = client.connection_pool
    try:
        connection = pool.get_connection()
    except redis.RedisError:
        return int(script(keys=keys, args=args, client=client))
    try:
        connection.send_packed_command(
            [command_packed("EVALSHA", script.sha, len(keys), *keys, *args)]
        )
        return int(connection.read_response())
    except redis.RedisError:
        connection.disconnect()
        return int(script(keys=keys, args=args, client=client))
    finally:
        pool.release(connection)


def command_packed(*parts: str | int) -> bytes:
    """One command in Redis's protocol (RESP): text as UTF-8, integers in decimal, as redis-py
    encodes them."""
    encoded = [part.encode() if isinstance(part, str) else b"%d" % part for part in parts]
    return b"*%d\r\n" % len(encoded) + b"".join(
        b"$%d\r\n%s\r\n" % (len(part), part) for part in encoded
    )
