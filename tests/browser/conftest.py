"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR, "static", "vendor", "axe.min.js")

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="session")
def browser() -> Iterator["playwright_api.Browser"]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's package `chromium`.")
    # Playwright's event loop gives this thread new database connection objects; hand them the
    # contents serialized when the test database was made, or serialized_rollback restores nothing.
    serialized = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    with playwright_api.sync_playwright() as playwright:
        if serialized is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = serialized
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _new_page(browser: "playwright_api.Browser", **options: object) -> "playwright_api.Page":
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def desktop_page(browser: "playwright_api.Browser") -> Iterator["playwright_api.Page"]:
    page = _new_page(browser, viewport={"width": 1280, "height": 900}, locale="fr-FR")
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser: "playwright_api.Browser") -> Iterator["playwright_api.Page"]:
    page = _new_page(
        browser,
        viewport={"width": 360, "height": 640},
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    yield page
    page.context.close()


@pytest.fixture
def no_script_page(browser: "playwright_api.Browser") -> Iterator["playwright_api.Page"]:
    page = _new_page(
        browser, viewport={"width": 1024, "height": 800}, java_script_enabled=False, locale="fr-FR"
    )
    yield page
    page.context.close()


@pytest.fixture
def axe_page(browser: "playwright_api.Browser") -> Iterator["playwright_api.Page"]:
    """A page whose CSP is bypassed only so that axe-core can be injected by the test."""
    page = _new_page(browser, viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield page
    page.context.close()


def axe_violations(page: "playwright_api.Page") -> list[dict[str, object]]:
    """Serious and critical accessibility violations on the current page, by axe-core."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
