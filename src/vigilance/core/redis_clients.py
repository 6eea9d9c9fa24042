"""One Redis connection pool per process and per URL, made on first use and shared by threads."""

import threading

import redis

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def redis_client(url: str) -> redis.Redis:
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=1))
    return client
