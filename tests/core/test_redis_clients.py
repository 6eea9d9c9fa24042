"""The Lua scripts of the rate limits and tallies, written on a thread's own connection: whatever
goes wrong is redis-py's to mend."""

import os
import threading
import uuid

import pytest
import redis

from vigilance.core import redis_clients
from vigilance.core.redis_clients import command_run, redis_client, script_run

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")
COUNT_KEYS_AND_ARGS = "return #KEYS * 100 + #ARGV"


@pytest.fixture
def client() -> redis.Redis:
    if not REDIS_TEST_URL:
        pytest.skip("REDIS_TEST_URL is not set")
    return redis_client(REDIS_TEST_URL)


def test_a_script_the_server_does_not_know_yet_is_sent_to_it(client: redis.Redis) -> None:
    # A script never sent before (as after a restart of Redis): its EVALSHA is refused at first.
    script = client.register_script(f"-- {uuid.uuid4()}\n{COUNT_KEYS_AND_ARGS}")
    assert client.script_exists(script.sha) == [False]

    assert script_run(client, script, ["a", "b"], [1, "x", 3]) == 203
    assert client.script_exists(script.sha) == [True]
    assert script_run(client, script, ["a"], []) == 100


def connection_id(client: redis.Redis) -> int:
    """The server's id of the connection this thread's scripts are written on."""
    connection = redis_clients._thread_connection(client)
    connection.send_command("CLIENT", "ID")
    return int(connection.read_response())


def test_each_thread_keeps_a_connection_of_its_own(client: redis.Redis) -> None:
    script = client.register_script(COUNT_KEYS_AND_ARGS)
    seen: dict[str, list[int]] = {}

    def run_twice(name: str) -> None:
        seen[name] = []
        for _ in range(2):
            script_run(client, script, [], [])
            seen[name].append(connection_id(client))

    threads = [threading.Thread(target=run_twice, args=(name,)) for name in ("one", "other")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(set(seen["one"])) == len(set(seen["other"])) == 1
    assert seen["one"][0] != seen["other"][0]


def test_a_connection_the_server_dropped_is_replaced(client: redis.Redis) -> None:
    script = client.register_script(COUNT_KEYS_AND_ARGS)
    script_run(client, script, [], [])
    dropped = connection_id(client)

    client.client_kill_filter(_id=dropped)

    assert script_run(client, script, ["a"], [1]) == 101
    assert connection_id(client) != dropped


def test_a_command_answers_as_the_server_does_on_the_threads_connection(
    client: redis.Redis,
) -> None:
    key = f"test:{uuid.uuid4()}"

    assert command_run(client, "SET", key, 1, "NX", "EX", 10) == b"OK"
    assert command_run(client, "SET", key, 2, "NX", "EX", 10) is None
    assert client.get(key) == b"1"
    assert 0 < client.ttl(key) <= 10
    first = connection_id(client)
    client.client_kill_filter(_id=first)

    assert command_run(client, "DEL", key) == 1
    assert connection_id(client) != first
