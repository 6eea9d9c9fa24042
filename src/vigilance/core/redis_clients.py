"""One Redis connection pool per process and per URL, made on first use and shared by threads;
and a command or a Lua script run on one of its connections without redis-py's command layer,
for what every request asks of Redis: the public look-up's rate limits and tallies, a filing's
mark of the batch job that confirms it."""

import os
import threading
from typing import Any

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
    as one EVALSHA (packed and read by redis-py's connection) on this thread's own connection to
    ``client``'s server.

    redis-py's command layer (retries, metrics, reply callbacks) and taking a connection from
    its pool and back cost about four times the round trip itself
    (docs/benchmarks.md). Whatever goes wrong (a server that lost its scripts, a dropped
    connection) is left to redis-py's own call, which loads the script again or reconnects and
    retries, as before.
    """
    try:
        connection = _thread_connection(client)
        connection.send_command("EVALSHA", script.sha, len(keys), *keys, *args)
        return int(connection.read_response())
    except redis.RedisError:
        _forget_thread_connection(client)
        return int(script(keys=keys, args=args, client=client))


def command_run(client: redis.Redis, *command: str | int) -> Any:
    """``client.execute_command(*command)`` written on this thread's own connection, as
    ``script_run`` does; the reply is the server's, unparsed (``b"OK"``, ``None``, bytes)."""
    try:
        connection = _thread_connection(client)
        connection.send_command(*command)
        return connection.read_response()
    except redis.RedisError:
        _forget_thread_connection(client)
        return client.execute_command(*command)


# This thread's connections, by client: (process id, connection), taken from the client's pool
# once and kept, like Django's database connections (never shared by threads or after a fork).
_thread_local = threading.local()


def _thread_connection(client: redis.Redis) -> "redis.connection.AbstractConnection":
    kept: dict[int, tuple[int, Any]] = _thread_local.__dict__.setdefault("connections", {})
    found = kept.get(id(client))
    if found is None or found[0] != os.getpid():
        connection = client.connection_pool.get_connection()
        found = kept[id(client)] = (os.getpid(), connection)
    return found[1]


def _forget_thread_connection(client: redis.Redis) -> None:
    kept: dict[int, tuple[int, Any]] = _thread_local.__dict__.get("connections", {})
    found = kept.pop(id(client), None)
    if found is not None and found[0] == os.getpid():
        found[1].disconnect()
        client.connection_pool.release(found[1])
