"""``make screenshots``: pictures of the main pages for the README, taken from a running server.

Start the platform first (``make run``, or ``PORT=8137 make run``), then, from the repository and
with the same environment (the same ``var/`` folder), run ``make screenshots`` (``PORT=8137 make
screenshots``). The demonstration accounts sign in as a person would: their password and the
one-time code their authenticator shows, read from the demo database like ``manage.py
demo_logins`` does. Public pages are taken in French on a 360 px phone and in English on a
1280 px screen; staff pages in French at both widths. PNGs are reduced to 256 colours.

Filing the report shown on the "done" page adds one report to the demonstration data.
"""

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 360, "height": 640}
SCREEN = {"width": 1280, "height": 900}
# (name, language, viewport) of the public pictures; staff ones are French at both widths.
PUBLIC_SHOTS = (("phone", "fr", PHONE), ("desktop", "en", SCREEN))
STAFF_SHOTS = (("phone", "fr", PHONE), ("desktop", "fr", SCREEN))


class Demo:
    """What signing in and following a report need, read from the demo data of ``make run``."""

    def __init__(self) -> None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigilance.settings")
        import django

        django.setup()
        from django.conf import settings

        from vigilance.accounts.management.commands.demo_logins import demo_password

        self.password = demo_password(settings.VAR_DIR)
        self.reports = _demo_file(settings.VAR_DIR / "demo-reports.json")
        self.checks = _demo_file(settings.VAR_DIR / "demo-checks.json")

    def code(self, username: str) -> str:
        """What the account's authenticator app shows now."""
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _demo_file(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        sys.exit(f"{path} is missing: start the platform with `make run` first.")
    loaded: list[dict[str, str]] = json.loads(path.read_text())
    return loaded


class Camera:
    def __init__(self, base: str, folder: Path) -> None:
        self.base = base.rstrip("/")
        self.folder = folder
        self.taken: list[Path] = []

    def shoot(self, page: Any, name: str) -> None:
        from PIL import Image

        page.wait_for_load_state("networkidle")
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        with Image.open(path) as picture:
            reduced = picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        reduced.save(path, optimize=True)
        self.taken.append(path)
        print(f"  {path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")


def _continue(page: Any) -> None:
    page.locator("main form button.button:not(.secondary):not(.link)").last.click()
    page.wait_for_load_state()


def public_pages(camera: Camera, page: Any, demo: Demo, width: str, language: str) -> None:
    base = f"{camera.base}/{language}"
    page.goto(f"{base}/")
    camera.shoot(page, f"home-{language}-{width}")
    page.goto(f"{base}/report/")
    camera.shoot(page, f"report-step-1-{language}-{width}")
    page.fill("#id_name", "Awa Mbarga")
    page.fill("#id_phone", "677 12 34 56")
    _continue(page)
    page.check("#category-mobile_money_fraud")
    page.fill("#id_incident_date", time.strftime("%Y-%m-%d"))
    page.select_option("#id_region", "LT")
    page.fill("#id_description", "Un faux agent m'a appelé et j'ai envoyé 75 000 F.")
    _continue(page)
    page.fill("#id_value_0", "+237 6 99 88 77 66")
    _continue(page)
    page.check("#id_has_loss_0")
    page.fill("#id_amount", "75 000")
    page.select_option("#id_channel", "mtn_momo")
    _continue(page)
    _continue(page)
    camera.shoot(page, f"report-review-{language}-{width}")
    page.check("#id_consent")
    _continue(page)
    camera.shoot(page, f"report-done-{language}-{width}")
    followed = demo.reports[0]
    page.goto(f"{base}/follow/")
    page.fill("#id_reference", followed["reference"])
    page.fill("#id_tracking_code", followed["tracking_code"])
    _continue(page)
    camera.shoot(page, f"follow-{language}-{width}")
    confirmed = next(c for c in demo.checks if c["answer"] == "confirmed_fraud")
    page.goto(f"{base}/check/")
    page.select_option("#id_type", confirmed["type"])
    page.fill("#id_value", confirmed["value"])
    _continue(page)
    camera.shoot(page, f"check-{language}-{width}")


@contextmanager
def signed_in(browser: Any, camera: Camera, demo: Demo, username: str) -> Iterator[Any]:
    """A page signed in as ``username``; waits for a fresh code if the current one was used."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    for _attempt in range(2):
        page.goto(f"{camera.base}/fr/staff/sign-in/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo.password)
        page.fill("#id_otp_token", demo.code(username))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if "sign-in" not in page.url:
            break
        time.sleep(31 - time.time() % 30)
    else:
        sys.exit(f"{username} could not sign in: is this the server of this var/ folder?")
    try:
        yield page
    finally:
        context.close()


def _linked_case(page: Any, base: str) -> str:
    """The first case that groups several linked reports (its graph has something to show)."""
    page.goto(f"{base}/fr/staff/cases/")
    links: list[list[str]] = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => [a.href, (a.closest('tr, li') || a).textContent])"
    )
    case = re.compile(r"/staff/cases/[0-9a-f-]{36}/$")
    cases = [(href, text) for href, text in links if case.search(href)]
    return next((href for href, text in cases if "liés" in text), cases[0][0])


def staff_pages(camera: Camera, browser: Any, demo: Demo) -> None:
    base = camera.base
    with signed_in(browser, camera, demo, "triage") as page:
        for width, _language, viewport in STAFF_SHOTS:
            page.set_viewport_size(viewport)
            page.goto(f"{base}/fr/staff/triage/")
            camera.shoot(page, f"triage-fr-{width}")
    with signed_in(browser, camera, demo, "investigator.littoral") as page:
        case_url = _linked_case(page, base)
        for width, _language, viewport in STAFF_SHOTS:
            page.set_viewport_size(viewport)
            page.goto(f"{base}/fr/staff/cases/")
            camera.shoot(page, f"cases-fr-{width}")
            page.goto(case_url)
            camera.shoot(page, f"case-fr-{width}")
            page.goto(f"{case_url}cluster/")
            camera.shoot(page, f"cluster-fr-{width}")
    with signed_in(browser, camera, demo, "auditor") as page:
        for width, _language, viewport in STAFF_SHOTS:
            page.set_viewport_size(viewport)
            page.goto(f"{base}/fr/staff/audit/")
            camera.shoot(page, f"audit-fr-{width}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    demo = Demo()
    camera = Camera(arguments.base, arguments.out)
    camera.folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, language, viewport in PUBLIC_SHOTS:
            context = browser.new_context(viewport=viewport, locale=f"{language}-CM")
            public_pages(camera, context.new_page(), demo, width, language)
            context.close()
        staff_pages(camera, browser, demo)
        browser.close()
    total = sum(path.stat().st_size for path in camera.taken)
    print(f"{len(camera.taken)} screenshots, {total / 1_000_000:.1f} MB, in {camera.folder}")


if __name__ == "__main__":
    main()
