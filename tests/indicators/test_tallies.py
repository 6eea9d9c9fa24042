"""Look-ups are counted per day and value, with nothing about who looked: in the database
directly (embedded shape), or in Redis and flushed to the database by a periodic task."""

import datetime as dt
import os
from collections.abc import Iterator

import pytest
import redis
from django.test import Client
from django.utils import timezone

from tests.indicators.lookup_data import SUSPECT, SUSPECT_E164, indicator_with
from vigilance.core.redis_clients import redis_client
from vigilance.indicators.models import LookupTally
from vigilance.indicators.tallies import (
    REDIS_KEEP_SECONDS,
    REDIS_PREFIX,
    lookup_tallies_send_buffered,
    lookup_tally_record,
    tallies_add,
)
from vigilance.indicators.tasks import flush_lookup_tallies

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")
LOOKUP = "/api/v1/lookup"


def tallies() -> list[tuple[str, str, int]]:
    return list(LookupTally.objects.order_by("value").values_list("type", "value", "count"))


def test_each_look_up_adds_one_to_the_days_tally(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = ""

    lookup_tally_record(type="phone", value=SUSPECT_E164)
    lookup_tally_record(type="phone", value=SUSPECT_E164)
    lookup_tally_record(type="email", value="faux.agent@example.com")

    assert tallies() == [("phone", SUSPECT_E164, 2), ("email", "faux.agent@example.com", 1)]
    assert set(LookupTally.objects.values_list("day", flat=True)) == {timezone.localdate()}


def test_counts_added_to_an_existing_row_add_up() -> None:
    day = dt.date(2026, 3, 3)
    tallies_add({(day, "phone", SUSPECT_E164): 5})
    tallies_add({(day, "phone", SUSPECT_E164): 7, (day, "ip", "203.0.113.7"): 1})

    assert tallies() == [("phone", SUSPECT_E164, 12), ("ip", "203.0.113.7", 1)]


def test_the_tally_keeps_nothing_about_who_looked(client: Client) -> None:
    client.get(
        LOOKUP,
        {"type": "phone", "value": SUSPECT},
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13; TECNO)",
    )

    row = LookupTally.objects.values().get()
    assert set(row) == {"id", "day", "type", "value", "count"}
    assert "198.51.100.23" not in str(row)
    assert "TECNO" not in str(row)


def test_a_check_on_the_page_is_tallied_too(client: Client) -> None:
    client.get("/en/check/", {"type": "phone", "value": SUSPECT})

    assert tallies() == [("phone", SUSPECT_E164, 1)]


def test_a_look_up_still_answers_when_redis_is_down(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get(LOOKUP, {"type": "phone", "value": SUSPECT})

    assert response.status_code == 200
    assert tallies() == []


def test_without_redis_the_flush_has_nothing_to_do(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = ""

    assert flush_lookup_tallies() == 0


@pytest.fixture
def real_redis(settings) -> Iterator[redis.Redis]:  # type: ignore[no-untyped-def]
    if not REDIS_TEST_URL:
        pytest.skip("REDIS_TEST_URL is not set")
    settings.REDIS_URL = REDIS_TEST_URL
    settings.LOOKUP_TALLY_BUFFER_SECONDS = 0
    client = redis_client(REDIS_TEST_URL)
    lookup_tallies_send_buffered()  # what earlier tests left in this process's buffer
    client.flushdb()
    yield client
    client.flushdb()


def test_with_redis_a_look_up_is_counted_in_redis_not_in_the_database(  # type: ignore[no-untyped-def]
    client: Client, real_redis: redis.Redis, django_assert_num_queries
) -> None:
    indicator_with(report_count=5, reporter_count=3)

    client.get(LOOKUP, {"type": "phone", "value": "699 88 77 66"})  # loads the cached lists

    with django_assert_num_queries(1):
        client.get(LOOKUP, {"type": "phone", "value": SUSPECT})

    key = REDIS_PREFIX + timezone.localdate().isoformat()
    assert real_redis.hgetall(key) == {f"phone\x1f{SUSPECT_E164}".encode(): b"2"}
    assert real_redis.ttl(key) > 0
    assert tallies() == []


def test_the_task_moves_redis_counts_into_the_database_and_adds_up(  # type: ignore[no-untyped-def]
    client: Client, real_redis: redis.Redis
) -> None:
    today = timezone.localdate()
    tallies_add({(today, "phone", SUSPECT_E164): 10})
    for _ in range(3):
        lookup_tally_record(type="phone", value=SUSPECT_E164)
    lookup_tally_record(type="url", value="https://pay.example.cm/a:b")

    assert flush_lookup_tallies() == 2

    assert tallies() == [("phone", SUSPECT_E164, 13), ("url", "https://pay.example.cm/a:b", 1)]
    assert list(real_redis.scan_iter(match="vigilance:lookup-tally*")) == []

    lookup_tally_record(type="phone", value=SUSPECT_E164)
    assert flush_lookup_tallies() == 1
    assert flush_lookup_tallies() == 0
    assert LookupTally.objects.get(type="phone").count == 14


def test_a_flush_interrupted_after_the_rename_is_finished_by_the_next(  # type: ignore[no-untyped-def]
    real_redis: redis.Redis,
) -> None:
    real_redis.hset("vigilance:lookup-tally-flushing:2026-03-03:abc", "ip\x1f203.0.113.7", 4)

    assert flush_lookup_tallies() == 1

    assert LookupTally.objects.values_list("day", "count").get() == (dt.date(2026, 3, 3), 4)


def test_look_ups_are_added_up_in_the_process_before_going_to_redis(  # type: ignore[no-untyped-def]
    real_redis: redis.Redis, settings
) -> None:
    settings.LOOKUP_TALLY_BUFFER_SECONDS = 3600
    key = REDIS_PREFIX + timezone.localdate().isoformat()
    for _ in range(3):
        lookup_tally_record(type="phone", value=SUSPECT_E164)
    assert real_redis.hgetall(key) == {}

    lookup_tallies_send_buffered()

    assert real_redis.hgetall(key) == {f"phone\x1f{SUSPECT_E164}".encode(): b"3"}
    lookup_tallies_send_buffered()
    assert real_redis.hgetall(key) == {f"phone\x1f{SUSPECT_E164}".encode(): b"3"}


def test_the_buffer_of_two_days_goes_to_each_days_hash_with_its_expiry(  # type: ignore[no-untyped-def]
    real_redis: redis.Redis, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.LOOKUP_TALLY_BUFFER_SECONDS = 3600
    for day, values in ((dt.date(2026, 12, 6), 600), (dt.date(2026, 12, 7), 2)):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        for number in range(values):
            lookup_tally_record(type="phone", value=f"+23767000{number:04d}")
    lookup_tally_record(type="phone", value="+237670000000")

    lookup_tallies_send_buffered()

    before = real_redis.hgetall(REDIS_PREFIX + "2026-12-06")
    assert len(before) == 600
    assert before[b"phone\x1f+237670000599"] == b"1"
    assert real_redis.hgetall(REDIS_PREFIX + "2026-12-07") == {
        b"phone\x1f+237670000000": b"2",
        b"phone\x1f+237670000001": b"1",
    }
    assert 0 < real_redis.ttl(REDIS_PREFIX + "2026-12-06") <= REDIS_KEEP_SECONDS
