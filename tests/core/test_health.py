"""The liveness and readiness probes (CONTRACT.md, Health)."""

import os

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


def test_healthz_answers_while_the_process_serves(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_when_the_database_answers(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True}


@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL names no Redis to check against")
def test_readyz_checks_redis_when_it_is_configured(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = REDIS_TEST_URL

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "redis": True}


def test_readyz_names_redis_when_it_does_not_answer(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["redis"]
    assert body["checks"] == {"database": True, "redis": False}
