"""Which database the router names, decided in this process (the real replica is exercised by
``tests/replica/``): reads opted in go to the replica unless the person or the request wrote,
a transaction is open, or the replica is unhealthy; writes always go to the primary."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from vigilance.audit.models import AuditEvent
from vigilance.core import replica, replica_health
from vigilance.core.replica import (
    STICKY_COOKIE,
    ReadAfterWriteMiddleware,
    ReplicaRouter,
    replica_reads,
)
from vigilance.intake.models import Report

router = ReplicaRouter()


@pytest.fixture
def healthy_replica(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float | None]]:
    """A replica alias configured; its lag is what the list holds (None: unreachable)."""
    lag: list[float | None] = [0.0]
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica_health, "replica_lag_seconds", lambda: lag[0])
    replica_health.replica_health_forget()
    yield lag
    replica_health.replica_health_forget()


def _through_middleware(request: HttpRequest, status: int = 200) -> tuple[HttpResponse, str]:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        with replica_reads():
            seen.append(router.db_for_read(Report))
        return HttpResponse(status=status)

    response = ReadAfterWriteMiddleware(view)(request)
    return response, seen[0]


def test_no_replica_configured_reads_the_primary() -> None:
    with replica_reads():
        assert router.db_for_read(Report) == "default"


def test_opted_in_reads_go_to_a_healthy_replica(healthy_replica: list[float | None]) -> None:
    assert router.db_for_read(Report) == "default"
    with replica_reads():
        assert router.db_for_read(Report) == "replica"
    assert router.db_for_write(Report) == "default"


@pytest.mark.parametrize("lag", [None, 31.0])
def test_a_replica_down_or_behind_is_not_read(
    healthy_replica: list[float | None], lag: float | None
) -> None:
    healthy_replica[0] = lag
    with replica_reads():
        assert router.db_for_read(Report) == "default"


def test_health_is_kept_a_few_seconds(healthy_replica: list[float | None], settings) -> None:  # type: ignore[no-untyped-def]
    settings.REPLICA_HEALTH_SECONDS = 60
    with replica_reads():
        assert router.db_for_read(Report) == "replica"
        healthy_replica[0] = None
        assert router.db_for_read(Report) == "replica"
        replica_health.replica_mark_down()
        assert router.db_for_read(Report) == "default"


def test_a_write_pins_the_rest_of_the_request(healthy_replica: list[float | None]) -> None:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        with replica_reads():
            seen.append(router.db_for_read(Report))
            router.db_for_write(AuditEvent)  # an audit record is never read back: no pin
            seen.append(router.db_for_read(Report))
            router.db_for_write(Report)
            seen.append(router.db_for_read(Report))
        return HttpResponse()

    ReadAfterWriteMiddleware(view)(RequestFactory().get("/fr/statistics/"))
    assert seen == ["replica", "replica", "default"]
    with replica_reads():  # the next request starts afresh
        assert router.db_for_read(Report) == "replica"


def test_a_successful_write_keeps_the_person_on_the_primary(
    healthy_replica: list[float | None],
) -> None:
    factory = RequestFactory()
    response, used = _through_middleware(factory.post("/api/v1/reports"), status=201)
    assert used == "replica"  # the POST itself had not written through the router here
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"

    follow = factory.get("/api/v1/stats/reports")
    follow.COOKIES[STICKY_COOKIE] = cookie.value
    response, used = _through_middleware(follow)
    assert used == "default"
    assert STICKY_COOKIE not in response.cookies


@pytest.mark.parametrize("status", [400, 404, 422])
def test_a_refused_write_sets_no_cookie(healthy_replica: list[float | None], status: int) -> None:
    response, _ = _through_middleware(RequestFactory().post("/api/v1/reports"), status=status)
    assert STICKY_COOKIE not in response.cookies


def test_a_forged_or_old_cookie_is_ignored(healthy_replica: list[float | None], settings) -> None:  # type: ignore[no-untyped-def]
    forged = RequestFactory().get("/fr/statistics/")
    forged.COOKIES[STICKY_COOKIE] = "1"
    assert _through_middleware(forged)[1] == "replica"

    signed = signing.get_cookie_signer(salt=STICKY_COOKIE + "vigilance.core.replica.sticky")
    fresh = RequestFactory().get("/fr/statistics/")
    fresh.COOKIES[STICKY_COOKIE] = signed.sign("1")
    assert _through_middleware(fresh)[1] == "default"

    settings.REPLICA_STICKY_SECONDS = -1  # any cookie is older than that
    assert _through_middleware(fresh)[1] == "replica"


def _settings_with(**environment: str) -> dict[str, object]:
    """The DATABASES a fresh process builds from ``environment``."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({alias: {key: db.get(key) for key in "
        "('PORT', 'OPTIONS', 'DISABLE_SERVER_SIDE_CURSORS')} "
        "for alias, db in settings.DATABASES.items()}))"
    )
    child = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "DJANGO_", "VIGILANCE_"))
    }
    child.update(DJANGO_SETTINGS_MODULE="vigilance.settings", **environment)
    done = subprocess.run(
        [sys.executable, "-c", script], env=child, capture_output=True, text=True, check=True
    )
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_pgbouncer_turns_off_named_cursors_and_prepared_statements() -> None:
    found = _settings_with(
        DATABASE_URL="postgres://vigilance@127.0.0.1:6432/vigilance",
        DATABASE_POOLER="pgbouncer",
        DATABASE_REPLICA_URL="postgres://vigilance@127.0.0.1:6432/vigilance_replica",
    )
    for alias in ("default", "replica"):
        assert found[alias]["DISABLE_SERVER_SIDE_CURSORS"] is True  # type: ignore[index]
        assert found[alias]["OPTIONS"]["prepare_threshold"] is None  # type: ignore[index]
        # Unnamed statements bound on the server live one transaction: PgBouncer keeps them.
        assert found[alias]["OPTIONS"]["server_side_binding"] is True  # type: ignore[index]
    assert found["replica"]["OPTIONS"]["connect_timeout"] == 2  # type: ignore[index]

    direct = _settings_with(DATABASE_URL="postgres://vigilance@127.0.0.1:5432/vigilance")
    assert not direct["default"]["DISABLE_SERVER_SIDE_CURSORS"]  # type: ignore[index]
    # Only the statements that ask for it are prepared (the public look-up's read).
    assert direct["default"]["OPTIONS"]["prepare_threshold"] > 1000  # type: ignore[index]
    assert direct["default"]["OPTIONS"]["server_side_binding"] is True  # type: ignore[index]
    assert "replica" not in direct
