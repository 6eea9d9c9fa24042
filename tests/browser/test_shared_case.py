"""A Littoral investigator opens a case the Centre shared with them read-only: they read it and
find no control to share it, move it, write to the victim, export it or download its files."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import personas
from tests.browser.test_case_workflow import _case_url, _sign_in
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Unit
from vigilance.cases.services import lifecycle, work
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services, staff
from vigilance.intake.models import Channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_read_only_recipient_reads_the_case_without_its_controls(  # type: ignore[no-untyped-def]
    desktop_page, live_server
) -> None:
    triage_officer = personas.persona("triage_officer")
    owner = personas.persona("investigator_centre")
    recipient = personas.persona("investigator_littoral")
    report = services.report_submit(
        draft=report_draft(region="CE"),
        channel=Channel.WEB,
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-ce"), actor=triage_officer
    )
    case = lifecycle.case_open(report=report, actor=owner)
    work.case_share_add(
        case=case,
        user=recipient,
        reason="Le suspect vit à Douala",
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=owner,
    )
    page = desktop_page

    _sign_in(page, live_server, recipient)
    answer = page.goto(_case_url(live_server, case))
    assert answer is not None
    assert answer.status == 200
    assert case.number in page.locator("h1").inner_text()
    assert "Peut lire le dossier" in page.locator("#shares").inner_text()
    main = page.locator("main")
    for action in ("share", "status", "message", "note", "task", "priority", "link", "lead"):
        assert main.locator(f"form[action$='/{action}/']").count() == 0, action
    assert main.locator("form[action*='/revoke/']").count() == 0
    assert main.locator("a[href$='case-file.pdf']").count() == 0

    page.goto(f"{live_server.url}/fr/staff/reports/{report.public_id}/")
    assert page.locator("#evidence a[download]").count() == 0
    assert "ne comprend pas le téléchargement" in page.locator("#evidence").inner_text()
