"""Rate limits hold across processes: every gunicorn worker counts in the same place.

A real gunicorn with two workers serves a migrated SQLite file; requests are sent in parallel so
that both workers answer. The Redis store is checked the same way when REDIS_TEST_URL is set.
"""

import json
import multiprocessing
import os
import socket
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from tests.support.live_process import Gunicorn, child_environment, migrate
from vigilance.core.counters import REDIS_PREFIX, counter_hit
from vigilance.core.ratelimit import RateLimited, check_limit, check_rate, parse_rate

FOLLOW_API = "/api/v1/reports/VIG-2026-000001"
FOLLOW_RECEIPT_PAGE = "/fr/follow/VIG-2026-000001/receipt.pdf"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


def port_for_tests() -> int:
    """A free port among those set aside for the servers these tests start (8160-8199)."""
    for port in range(8160, 8200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 8160 and 8199")


def get(url: str, language: str = "en") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    """gunicorn, two workers, the documented limits on, one embedded install on a SQLite file."""
    folder = tmp_path_factory.mktemp("ratelimit")
    environment = child_environment(
        var_dir=folder / "var",
        database=f"sqlite:///{folder / 'vigilance.sqlite3'}",
        RATELIMIT_ENABLE="true",
    )
    migrate(environment)
    started = Gunicorn(environment, folder / "gunicorn.log", workers=2, port=port_for_tests())
    started.start()
    yield started
    started.stop()


@pytest.mark.slow
def test_two_workers_share_the_documented_limit_of_60_follow_attempts_an_hour(
    server: Gunicorn,
) -> None:
    opener = urllib.request.build_opener(NoRedirect)

    def attempt(n: int) -> int:
        # Half through the API, half through the follow page: one limit for both.
        if n % 2:
            return get(server.base_url + FOLLOW_API)[0]
        try:
            with opener.open(server.base_url + FOLLOW_RECEIPT_PAGE, timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as answer:
            return answer.code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = Counter(pool.map(attempt, range(90)))

    assert statuses[429] == 30
    assert statuses[404] + statuses[302] == 60
    refused_api, headers, body = get(server.base_url + FOLLOW_API)
    assert refused_api == 429
    assert headers["Retry-After"] == "3600"
    assert json.loads(body)["error"]["code"] == "rate_limited"


@pytest.mark.slow
def test_the_refusal_reads_in_the_language_of_the_request(server: Gunicorn) -> None:
    for _ in range(61):
        get(server.base_url + FOLLOW_API)

    _status, _headers, french = get(server.base_url + FOLLOW_API, language="fr")
    status, _headers, english = get(server.base_url + FOLLOW_API, language="en")

    assert status == 429
    assert json.loads(english)["error"]["message"].startswith("Too many requests")
    assert json.loads(french)["error"]["message"].startswith("Trop de requêtes")


def _hit_many(path: str, key: str, times: int) -> list[int]:
    from django.conf import settings

    settings.RATELIMIT_COUNTERS_PATH = Path(path)
    return [counter_hit(key, 3600).hits for _ in range(times)]


@pytest.mark.slow
def test_counts_from_several_processes_never_collide(tmp_path: Path) -> None:
    path = str(tmp_path / "counters.sqlite3")
    with multiprocessing.get_context("spawn").Pool(3, initializer=_django_setup) as pool:
        seen = pool.starmap(_hit_many, [(path, "follow:ip:10.0.0.9", 40)] * 3)

    every_count = sorted(n for counts in seen for n in counts)
    assert every_count == list(range(1, 121))


def _django_setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
    django.setup()


def test_a_limit_is_enforced_beyond_its_count_and_names_its_period(settings: Settings) -> None:
    settings.RATELIMIT_ENABLE = True

    check_limit(group="probe", key="a", rate="2/h")
    check_limit(group="probe", key="a", rate="2/h")
    with pytest.raises(RateLimited) as refused:
        check_limit(group="probe", key="a", rate="2/h")

    assert refused.value.retry_after == 3600
    check_limit(group="probe", key="b", rate="2/h")  # another key has its own window


def test_a_window_that_has_ended_starts_again_from_one(settings: Settings) -> None:
    first = [counter_hit("probe:short", 1).hits for _ in range(3)]
    time.sleep(1.05)
    after = counter_hit("probe:short", 1).hits

    assert first == [1, 2, 3]
    assert after == 1


@pytest.mark.parametrize(
    ("rate", "parsed"), [("60/h", (60, 3600)), ("5000/m", (5000, 60)), ("10/5m", (10, 300))]
)
def test_rates_read_as_count_per_period(rate: str, parsed: tuple[int, int]) -> None:
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["", "60", "60/x", "-1/h", "sixty/h"])
def test_a_misspelt_rate_is_a_configuration_error(rate: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_rate(rate)


@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set")
def test_redis_counts_every_thread_once_and_expires_the_window(settings: Settings) -> None:
    settings.RATELIMIT_REDIS_URL = REDIS_TEST_URL
    key = f"probe:{os.getpid()}:{time.monotonic_ns()}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = sorted(pool.map(lambda _n: counter_hit(key, 60).hits, range(50)))

    assert counts == list(range(1, 51))
    ttl = redis.Redis.from_url(REDIS_TEST_URL).pttl(REDIS_PREFIX + key)
    assert 0 < ttl <= 60_000


@pytest.mark.parametrize("store", ["file", "redis"])
def test_an_address_refused_does_not_use_up_everyones_share(
    settings: Settings, rf: RequestFactory, store: str
) -> None:
    if store == "redis":
        if not REDIS_TEST_URL:
            pytest.skip("REDIS_TEST_URL is not set")
        settings.RATELIMIT_REDIS_URL = REDIS_TEST_URL
    settings.RATELIMIT_ENABLE = True
    group = f"probe-{store}-{os.getpid()}-{time.monotonic_ns()}"

    def ask(address: str) -> int | None:
        try:
            check_rate(rf.get("/", REMOTE_ADDR=address), group=group, per_ip="2/h", overall="3/m")
        except RateLimited as refused:
            return refused.retry_after
        return None

    answers = [ask("192.0.2.1"), ask("192.0.2.1"), ask("192.0.2.1"), ask("192.0.2.2")]

    # The third hit of .1 is its own limit's (an hour); the overall count is still 2, then 3.
    assert answers == [None, None, 3600, None]
    assert ask("192.0.2.2") == 60  # the overall limit's turn: 4 beyond 3 a minute
