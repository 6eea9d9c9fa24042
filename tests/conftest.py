"""Fixtures shared by the whole suite: isolated storage and cache, and the personas of the tests."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests import personas
from tests.audit.guard import trail_empty_for_flush
from vigilance.accounts.models import User
from vigilance.core.selectors import reference_cache_clear
from vigilance.indicators.warning_list import warning_list_changed


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():  # type: ignore[no-untyped-def]
    """Cheap Argon2 for every password the suite sets or checks (tests/support/hashers.py)."""
    with override_settings(
        PASSWORD_HASHERS=[
            "tests.support.hashers.QuickArgon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ):
        yield


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Each test writes evidence, mail and SMS into its own folder, and starts with empty limits."""
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.RATELIMIT_COUNTERS_PATH = tmp_path / "ratelimit.sqlite3"
    settings.RATELIMIT_REDIS_URL = ""
    cache.clear()
    reference_cache_clear()
    warning_list_changed()
    yield
    cache.clear()
    reference_cache_clear()
    warning_list_changed()


@pytest.fixture(autouse=True)
def _audit_trail_emptied_before_flush(request, django_db_blocker):  # type: ignore[no-untyped-def]
    """A transactional test ends with a flush, which the trail's guard refuses while the trail
    holds events: empty it first (this teardown runs before the database fixture's flush)."""
    marker = request.node.get_closest_marker("django_db")
    flushed = {"transactional_db", "live_server", "django_db_reset_sequences"}
    if not (
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or flushed & set(request.fixturenames)
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    with django_db_blocker.unblock():
        trail_empty_for_flush()


@pytest.fixture
def var_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A private var/ folder: demo files and embedded secrets written there, not in the checkout."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright keeps an event loop running in the main thread until the
    session ends, and code that calls ``asyncio.run`` (PDF signing) cannot run beside it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _persona_fixture(name: str):  # type: ignore[no-untyped-def]
    @pytest.fixture(name=name)
    def fixture(db) -> User:  # type: ignore[no-untyped-def]
        return personas.persona(name)

    return fixture


for _name in personas.PERSONAS:
    globals()[f"_persona_{_name}"] = _persona_fixture(_name)
