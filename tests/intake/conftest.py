"""Fixtures of the intake tests: the certificate that signs receipts, made once for the run, and
the Redis of the tests that run a real Celery worker."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection
from pytest_django.fixtures import Settings

from vigilance.core.signing import create_development_certificate

PASSPHRASE = "test-passphrase-for-signing"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


@pytest.fixture(scope="session")
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "platform.p12"
    create_development_certificate(path=path, passphrase=PASSPHRASE)
    return path


@pytest.fixture
def platform_certificate(settings: Settings, signing_certificate: Path) -> Path:
    """The platform signs with the certificate of the run."""
    settings.SIGNING_CERTIFICATE = signing_certificate
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    return signing_certificate


@pytest.fixture
def test_redis() -> Iterator[str]:
    if not REDIS_TEST_URL:
        pytest.skip("REDIS_TEST_URL is not set: no Redis for a real worker")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the test database is SQLite in memory, which a worker cannot open")
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    try:
        yield REDIS_TEST_URL
    finally:
        client.flushdb()
        client.close()
