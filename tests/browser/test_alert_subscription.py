"""A member of the public subscribes to the alerts by e-mail without JavaScript, confirms through
the link of the e-mail, and receives a published alert exactly once, even when sent twice."""

import re
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

import pytest

from tests.alerts.subscription_data import alert_published
from tests.browser.conftest import axe_violations
from vigilance.alerts import tasks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADDRESS = "awa.mbarga@example.cm"


def _outbox(folder: Path) -> list[Message]:
    messages: list[Message] = []
    for path in sorted(folder.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip(), policy=policy.default))
    return messages


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(message.get_payload())


def test_a_subscriber_confirms_by_email_and_receives_an_alert_once(  # type: ignore[no-untyped-def]
    no_script_page, live_server, settings, tmp_path
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.ALERT_EMAILS_PER_SECOND = 1000
    page = no_script_page
    page.set_default_timeout(30_000)

    page.goto(f"{live_server.url}/fr/alerts/subscribe/")
    page.get_by_label("Par e-mail").check()
    page.get_by_label("Adresse e-mail ou numéro de mobile").fill(ADDRESS)
    page.get_by_label("Littoral").check()
    page.get_by_role("button", name="S\u2019abonner").click()
    assert page.get_by_role("heading", name="Vérifiez vos e-mails").is_visible()

    (confirmation,) = _outbox(tmp_path / "mail")
    assert confirmation["To"] == ADDRESS
    link = re.search(r"https?://\S+(/fr/alerts/subscribe/confirm/\S+/)", _body(confirmation))
    assert link is not None
    page.goto(f"{live_server.url}{link.group(1)}")
    page.get_by_role("button", name="Confirmer mon abonnement").click()
    assert page.get_by_role("heading", name="Abonnement confirmé").is_visible()

    alert = alert_published(regions=("LT",))
    tasks.alert_send(alert.pk)
    tasks.alert_send(alert.pk)
    tasks.alert_deliveries_resume()

    alerts = [m for m in _outbox(tmp_path / "mail") if "De faux agents MTN" in str(m["Subject"])]
    assert [m["To"] for m in alerts] == [ADDRESS]
    assert alerts[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_subscription_form_fits_a_small_phone(axe_page, live_server) -> None:  # type: ignore[no-untyped-def]
    page = axe_page
    page.set_default_timeout(30_000)  # a first page of a busy shared machine
    page.goto(f"{live_server.url}/en/alerts/subscribe/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("By text message (SMS)").check()
    page.get_by_label("E-mail address or mobile number").fill("6 77 12")
    page.get_by_role("button", name="Subscribe").click()
    assert (
        page.get_by_text("valid").first.is_visible() or page.locator(".error-summary").is_visible()
    )
    assert axe_violations(page) == []
