"""Partners in a browser: the supervisor confirms who they are before a requisition leaves; a
responder of Orange gets a 404 on MTN's requisition and never sees it on its desk; and the
demonstration responders that ``make run`` prints sign in and find their desk filled."""

import io
import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from pytest_django.fixtures import Settings

from tests import personas
from tests.browser.test_case_workflow import _sign_in
from tests.factories import report_draft
from vigilance.accounts import reauth
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.accounts.services import user_backup_codes_reset
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.intake import services, staff
from vigilance.intake.models import Channel
from vigilance.requisitions.models import (
    FreezeRequest,
    LegalBasis,
    Requisition,
    RequisitionStatus,
)
from vigilance.requisitions.services import workflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = ("phone", "+237677123456")  # the number report_draft names


def _page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(10_000)
    return context.new_page()


def _page_of(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    page = _page(browser)
    _sign_in(page, live_server, user)
    return page


def _case() -> Case:
    report = services.report_submit(draft=report_draft(region="LT"), channel=Channel.WEB).report
    staff.report_route(
        report=report,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        actor=personas.persona("triage_officer"),
    )
    return lifecycle.case_open(report=report, actor=personas.persona("investigator_littoral"))


def _drafted(case: Case) -> Requisition:
    return workflow.requisition_draft(
        actor=personas.persona("investigator_littoral"),
        case=case,
        addressee=Organisation.objects.get(code="mtn"),
        kind="subscriber_identity",
        identifiers=[PHONE],
        legal_basis=LegalBasis.objects.get(code="law-2010-012-art-25"),
    )


def _url(live_server, requisition: Requisition) -> str:  # type: ignore[no-untyped-def]
    return f"{live_server.url}/fr/staff/requisitions/{requisition.public_id}/"


def _signed_in_long_ago(page) -> None:  # type: ignore[no-untyped-def]
    """Date the page's sign-in back an hour, as for a supervisor signed in since the morning."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[reauth.AUTHENTICATED_AT_SESSION_KEY] = int(time.time()) - 3600
    session.save()


def test_the_supervisor_confirms_who_they_are_before_the_requisition_leaves(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    requisition = _drafted(_case())
    supervisor = personas.persona("supervisor_police")
    page = _page_of(browser, live_server, supervisor)
    _signed_in_long_ago(page)

    page.goto(_url(live_server, requisition))
    page.get_by_role("button", name="Approuver et envoyer").click()
    page.wait_for_url("**/confirm/**")
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.DRAFT
    page.fill("#id_password", personas.PASSWORD)
    page.fill("#id_otp_token", user_backup_codes_reset(user=supervisor)[0])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(_url(live_server, requisition))
    page.get_by_role("button", name="Approuver et envoyer").click()
    assert "envoyée au partenaire" in page.locator(".messages").inner_text()
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.SENT
    assert requisition.approved_by == supervisor


def test_a_responder_of_orange_gets_a_404_on_mtns_requisition(  # type: ignore[no-untyped-def]
    browser, live_server
) -> None:
    requisition = workflow.requisition_approve(
        actor=personas.persona("supervisor_police"), requisition=_drafted(_case())
    )
    orange = _page_of(browser, live_server, personas.persona("orange_responder"))
    answer = orange.goto(_url(live_server, requisition))
    assert answer is not None
    assert answer.status == 404
    assert requisition.reference not in orange.locator("main").inner_text()
    orange.goto(f"{live_server.url}/fr/staff/desk/")
    assert requisition.reference not in orange.locator("main").inner_text()

    mtn = _page_of(browser, live_server, personas.persona("mtn_responder"))
    mtn.goto(f"{live_server.url}/fr/staff/desk/")
    assert mtn.get_by_role("link", name=requisition.reference).is_visible()


def _demo_password(output: str) -> str:
    match = re.search(r"Password of every demonstration account: (\S+)", output)
    assert match
    return match.group(1)


def _sign_in_as(page, live_server, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/fr/staff/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.fill("#id_otp_token", personas.current_code(User.objects.get(username=username)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "sign-in" not in url)


def test_the_demonstration_responders_sign_in_and_find_their_desk_filled(  # type: ignore[no-untyped-def]
    browser, live_server, var_dir, settings: Settings
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    for command, options in (
        ("seed_demo", {"reports": 120, "if_empty": True}),
        ("seed_workspace", {"if_empty": True}),
        ("demo_logins", {"port": 8000}),
    ):
        call_command(command, stdout=out, **options)
    printed = out.getvalue()
    password = _demo_password(printed)

    for username, organisation in (
        ("mtn", "mtn"),
        ("orange", "orange"),
        ("afriland", "afriland"),
        ("mtn.momo", "mtn_momo"),
    ):
        assert f"  {username} " in printed
        page = _page(browser)
        _sign_in_as(page, live_server, username, password)
        page.goto(f"{live_server.url}/fr/staff/desk/")
        desk = page.locator("main").inner_text()
        expected = Requisition.objects.filter(addressee__code=organisation).exclude(
            status=RequisitionStatus.DRAFT
        )
        assert expected.exists()
        for requisition in expected:
            assert requisition.reference in desk
        others = Requisition.objects.exclude(addressee__code=organisation)
        assert not [r.reference for r in others if r.reference in desk]
        waiting = FreezeRequest.objects.filter(issuer__code=organisation, status="sent")
        for freeze in waiting:
            assert freeze.reference in page.locator(".case-table").first.inner_text()
        if waiting:
            assert "il reste" in page.locator(".freeze-countdown").first.inner_text()
        page.context.close()
    assert FreezeRequest.objects.filter(issuer__code="mtn_momo", status="sent").exists()
