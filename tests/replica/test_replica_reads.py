"""The platform on a real primary and its streaming replica (``.ci/replica.sh``), through a real
gunicorn: statistics are read from the replica, a person who just wrote reads from the primary,
a replica too far behind or stopped is left for the primary, and no page fails because of it."""

import itertools
import json
import re
import time
from collections.abc import Iterator
from contextlib import suppress

import environ
import pytest
from django.db import connections

from tests.factories import report_payload
from tests.replica.conftest import App, Form, Pair, Visitor, pair_seed
from vigilance.core import replica
from vigilance.core.replica import STICKY_COOKIE, ReplicaRouter, replica_reads
from vigilance.core.replica_health import REPLICA, replica_health_forget, replica_lag_seconds
from vigilance.intake.models import Report

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

# Every read gets months of its own, so that no cached answer spares the database.
_months = itertools.count(1)


def _range() -> str:
    year, month = divmod(2024 * 12 + next(_months), 12)
    return f"from={year}-{month + 1:02d}&to=2026-11"


PUBLIC_STATISTICS = ["/fr/statistics/?{}", "/api/v1/stats/reports?{}"]
STAFF_STATISTICS = ["/fr/staff/statistics/?{}", "/api/v1/stats/dashboard?{}"]


@pytest.fixture(scope="module")
def app(pair: Pair, served) -> App:  # type: ignore[no-untyped-def]
    return served(
        pair.url("primary"),
        DATABASE_REPLICA_URL=pair.url("replica"),
        REPLICA_STICKY_SECONDS="300",
        REPLICA_MAX_LAG_SECONDS="86400",
        REPLICA_HEALTH_SECONDS="60",
    )


@pytest.fixture(scope="module")
def statistician(app: App) -> dict[str, str]:
    seeded = pair_seed(app.environment, "staff:statistician")
    return {seeded["name"]: seeded["value"]}


@pytest.fixture
def replay_paused(pair: Pair) -> Iterator[None]:
    """The replica receives the primary's changes but applies none until the test ends."""
    pair.run("pause-replay")
    try:
        yield
    finally:
        pair.run("resume-replay")


def _replica_reads(pair: Pair, visitor: Visitor, path: str) -> tuple[int, list[str]]:
    offset = pair.replica_log_size()
    status, _ = visitor.request("GET", path.format(_range()))
    return status, pair.replica_reads_since(offset)


def _caught_up(pair: Pair) -> None:
    for _ in range(100):
        if (
            pair.sql("replica", "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")
            == "t"
        ):
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


def test_the_replica_streams_from_the_primary(pair: Pair, app: App) -> None:
    assert pair.sql("replica", "SELECT pg_is_in_recovery()") == "t"
    assert pair.sql("replica", "SELECT inet_server_port()") == str(pair.ports["replica"])
    streaming = "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
    assert pair.sql("primary", streaming) == "1"
    _caught_up(pair)
    migrations = "SELECT count(*) FROM django_migrations"
    assert pair.sql("replica", migrations) == pair.sql("primary", migrations) != "0"


@pytest.mark.parametrize("path", PUBLIC_STATISTICS)
def test_public_statistics_are_read_from_the_replica(pair: Pair, app: App, path: str) -> None:
    status, reads = _replica_reads(pair, Visitor(app.base_url), path)
    assert status == 200
    assert reads, "the replica ran none of the page's queries"


@pytest.mark.parametrize("path", STAFF_STATISTICS)
def test_the_dashboards_are_read_from_the_replica(
    pair: Pair, app: App, statistician: dict[str, str], path: str
) -> None:
    status, reads = _replica_reads(pair, Visitor(app.base_url, statistician), path)
    assert status == 200
    assert reads, "the replica ran none of the page's queries"


@pytest.mark.parametrize(
    ("path", "persona"),
    [
        ("/api/v1/lookup?type=phone&value=%2B23769988{:04d}", ""),
        ("/fr/staff/search/?q=arnaque+{:04d}", "triage_officer"),
    ],
)
def test_the_lookup_and_search_are_read_from_the_replica(
    pair: Pair, app: App, path: str, persona: str
) -> None:
    cookies = {}
    if persona:
        seeded = pair_seed(app.environment, f"staff:{persona}")
        cookies = {seeded["name"]: seeded["value"]}
    offset = pair.replica_log_size()
    status, _ = Visitor(app.base_url, cookies).request("GET", path.format(next(_months)))
    assert status == 200
    assert pair.replica_reads_since(offset), "the replica ran none of the page's queries"


def test_a_person_who_just_wrote_reads_from_the_primary(
    pair: Pair, app: App, replay_paused: None
) -> None:
    victim, stranger = Visitor(app.base_url), Visitor(app.base_url)
    status, body = victim.request("POST", "/api/v1/reports", report_payload())
    assert status == 201
    created = json.loads(body)
    assert STICKY_COOKIE in victim.cookies
    # The replica has not applied the report: only the primary can show it.
    assert re.fullmatch(r"[A-Z0-9-]+", created["reference"])
    count = f"SELECT count(*) FROM intake_report WHERE reference = '{created['reference']}'"  # noqa: S608
    assert pair.sql("replica", count) == "0"
    assert pair.sql("primary", count) == "1"

    offset = pair.replica_log_size()
    tracking = {"X-Tracking-Code": created["tracking_code"]}
    status, body = victim.request("GET", f"/api/v1/reports/{created['reference']}", None, tracking)
    assert status == 200
    assert created["reference"] in body.decode()
    status, _ = victim.request("GET", PUBLIC_STATISTICS[1].format(_range()))
    assert status == 200
    assert pair.replica_reads_since(offset) == []

    status, reads = _replica_reads(pair, stranger, PUBLIC_STATISTICS[1])
    assert status == 200
    assert reads, "someone who wrote nothing reads from the replica"


def _csrf_token(app: App) -> str:
    """A CSRF cookie, as the report form hands any visitor (it is tied to no session)."""
    visitor = Visitor(app.base_url)
    path = "/fr/report/"
    for _ in range(3):
        status, _ = visitor.request("GET", path)
        if "csrftoken" in visitor.cookies or status != 302:
            break
        path = visitor.last_location
    return visitor.cookies["csrftoken"]


def test_a_staff_member_after_an_action_reads_from_the_primary(
    pair: Pair, app: App, statistician: dict[str, str]
) -> None:
    staff = Visitor(app.base_url, statistician)
    token = _csrf_token(app)
    staff.cookies["csrftoken"] = token
    status, _ = staff.request(
        "POST", "/fr/staff/notifications/read/", Form(csrfmiddlewaretoken=token)
    )
    assert status == 302
    assert STICKY_COOKIE in staff.cookies

    status, reads = _replica_reads(pair, staff, STAFF_STATISTICS[0])
    assert status == 200
    assert reads == []
    colleague = Visitor(app.base_url, statistician)  # the same account, no action just taken
    status, reads = _replica_reads(pair, colleague, STAFF_STATISTICS[0])
    assert status == 200
    assert reads


@pytest.fixture
def replica_alias(
    pair: Pair,
    monkeypatch: pytest.MonkeyPatch,
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> Iterator[None]:
    """This process's ``replica`` database is the pair's replica, for the duration of a test."""
    configured = connections.configure_settings(
        {
            "default": connections.settings["default"],
            REPLICA: {**environ.Env.db_url_config(pair.url("replica")), "CONN_MAX_AGE": 0},
        }
    )
    connections.settings[REPLICA] = configured[REPLICA]
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    replica_health_forget()
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            connections[REPLICA].close()
            with suppress(AttributeError):
                del connections[REPLICA]
            del connections.settings[REPLICA]
            replica_health_forget()


def test_a_replica_too_far_behind_is_left_for_the_primary(
    pair: Pair,
    replica_alias: None,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.REPLICA_MAX_LAG_SECONDS = 1
    settings.REPLICA_HEALTH_SECONDS = 0
    router = ReplicaRouter()
    pair.sql("primary", "CREATE TABLE IF NOT EXISTS lag_marker (id int)")
    _caught_up(pair)
    assert replica_lag_seconds() == 0
    with replica_reads():
        assert router.db_for_read(Report) == REPLICA

    pair.run("pause-replay")
    try:
        # A change the replica receives and does not apply: from now on it falls behind.
        pair.sql("primary", "INSERT INTO lag_marker VALUES (1)")
        time.sleep(1.5)
        lag = replica_lag_seconds()
        assert lag is not None
        assert lag > 1
        with replica_reads():
            assert router.db_for_read(Report) == "default"
    finally:
        pair.run("resume-replay")
    _caught_up(pair)
    with replica_reads():
        assert router.db_for_read(Report) == REPLICA


def test_pages_answer_from_the_primary_when_the_replica_stops(
    pair: Pair, app: App, statistician: dict[str, str]
) -> None:
    # The server believes the replica healthy (it checks once a minute): the first page fails
    # on the replica, and runs again on the primary.
    visitor = Visitor(app.base_url)
    assert _replica_reads(pair, visitor, PUBLIC_STATISTICS[1])[1]
    pair.run("stop-replica")
    try:
        for path in PUBLIC_STATISTICS:
            assert visitor.request("GET", path.format(_range()))[0] == 200
        staff = Visitor(app.base_url, statistician)
        for path in STAFF_STATISTICS:
            assert staff.request("GET", path.format(_range()))[0] == 200
    finally:
        pair.run("start-replica")
