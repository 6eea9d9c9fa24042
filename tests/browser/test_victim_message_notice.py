"""An investigator writes to the victim from the case page; the victim gets an SMS telling them a
message waits (never the message), then reads it on the follow page."""

import json
from pathlib import Path

import pytest

from tests import personas
from tests.browser.test_case_workflow import _case_url, _sign_in, _submit_action
from tests.factories import report_draft
from vigilance.accounts.models import Unit
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MESSAGE = "Apportez le reçu Orange Money du 12 mars au commissariat de Bonanjo."


def test_a_message_written_on_the_case_page_is_announced_by_sms(  # type: ignore[no-untyped-def]
    desktop_page, browser, live_server, settings
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url
    triage_officer = personas.persona("triage_officer")
    investigator = personas.persona("investigator_littoral")
    filed = services.report_submit(
        draft=report_draft(
            language="fr", reporter=services.ReporterInput(name="Awa", phone="677 12 34 56")
        ),
        channel=Channel.WEB,
    )
    staff.report_route(
        report=filed.report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    case = lifecycle.case_open(report=filed.report, actor=investigator)
    outbox = Path(settings.SMS_FILE_PATH)
    before = set(outbox.glob("*.json")) if outbox.exists() else set()
    page = desktop_page

    _sign_in(page, live_server, investigator)
    page.goto(_case_url(live_server, case))
    form = _submit_action(page, "message")
    page.select_option("#id_message-report", value=filed.report.reference)
    page.fill("#id_message-text", MESSAGE)
    # The answer to the post comes after the notice is handed to the outbox (on commit).
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    [notice] = [json.loads(path.read_text()) for path in set(outbox.glob("*.json")) - before]
    assert notice["to"] == "+237677123456"
    assert "un nouveau message" in notice["text"]
    assert f"{live_server.url}/fr/follow/" in notice["text"]
    assert "Bonanjo" not in notice["text"]
    assert filed.tracking_code not in notice["text"]

    victim = browser.new_page()
    victim.goto(f"{live_server.url}/fr/follow/")
    victim.fill("#id_reference", filed.report.reference)
    victim.fill("#id_tracking_code", filed.tracking_code)
    victim.locator("main form button[type=submit]").click()
    victim.wait_for_url(lambda url: filed.report.reference in url)
    assert victim.get_by_text(MESSAGE).is_visible()
    victim.close()
