"""The access-control matrix: every object page and endpoint x every persona, own unit or not.

One case of the Littoral police section holds a report with evidence. Its owning unit, the
supervisor above it and the coordination centre may read it; everyone else — another unit of
the same police, the gendarmerie, the CIRT, a partner operator, the auditor, the administrator,
the counter officer — gets a 404 on reads and never a success on writes, and never sees it listed.
Someone the case is shared with reads it, and takes only the actions their share grants (403).
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests import personas
from tests.accounts.test_api_keys import create_key
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.accounts.permissions import Permission, can
from vigilance.alerts.models import Alert
from vigilance.alerts.models_waves import WaveFinding, WaveKind
from vigilance.alerts.services import alerts as alert_services
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle, work
from vigilance.core.signing import create_development_certificate
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services, staff
from vigilance.requisitions.models import FreezeRequest, LegalBasis, Requisition, RequisitionKind
from vigilance.requisitions.models_abroad import ForeignRequest
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import abroad as abroad_services
from vigilance.requisitions.services import freezes as freeze_services
from vigilance.requisitions.services import takedowns as takedown_services
from vigilance.requisitions.services import workflow as requisition_workflow

pytestmark = pytest.mark.django_db

READERS = ("investigator_littoral", "supervisor_police", "triage_officer")
OUTSIDERS = (
    "investigator_centre",
    "gendarme_north",
    "cirt_analyst",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "intake_officer",
)
PASSPHRASE = "matrix"


@pytest.fixture(autouse=True)
def _signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    create_development_certificate(path=settings.SIGNING_CERTIFICATE, passphrase=PASSPHRASE)


@pytest.fixture
def case(triage_officer: User, investigator_littoral: User) -> Case:
    report = services.report_submit(
        draft=report_draft(region="LT"),
        channel="web",
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    ).report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    opened = lifecycle.case_open(report=report, actor=investigator_littoral)
    work.case_task_add(
        case=opened,
        title="Requisition MTN",
        assignee=None,
        due_date=None,
        actor=investigator_littoral,
    )
    return opened


def _reads(case: Case) -> dict[str, tuple[str, set[str]]]:
    """Each read address, and who may read it (beyond those, a 404)."""
    report = case.reports.get()
    evidence = report.evidence.get()
    readers = set(READERS)
    workers = {"investigator_littoral", "supervisor_police"}  # roles that export case files
    return {
        "case page": (f"/fr/staff/cases/{case.public_id}/", readers),
        "case file": (f"/fr/staff/cases/{case.public_id}/case-file.pdf", workers),
        "report page": (f"/fr/staff/reports/{report.public_id}/", readers),
        "evidence download": (
            f"/fr/staff/reports/{report.public_id}/evidence/{evidence.public_id}/",
            readers,
        ),
        "case API": (f"/api/v1/cases/{case.public_id}", readers),
        "report API": (f"/api/v1/staff/reports/{report.public_id}", readers),
        "case cluster page": (f"/fr/staff/cases/{case.public_id}/cluster/", readers),
        "report cluster page": (f"/fr/staff/reports/{report.public_id}/cluster/", readers),
        "case cluster API": (f"/api/v1/cases/{case.public_id}/cluster", readers),
        "report cluster API": (f"/api/v1/staff/reports/{report.public_id}/cluster", readers),
        # Every report of the case, page by page.
        "case reports page": (f"/fr/staff/cases/{case.public_id}/reports/", readers),
    }


def _writes(case: Case) -> list[tuple[str, str, dict[str, object]]]:
    report = case.reports.get()
    base = f"/api/v1/cases/{case.public_id}"
    task = case.tasks.get()
    return [
        ("post", f"{base}/status", {"status": "investigating"}),
        ("post", f"{base}/notes", {"body": "note"}),
        ("post", f"{base}/tasks", {"title": "task"}),
        ("post", f"{base}/tasks/{task.pk}/done", {}),
        ("post", f"{base}/messages", {"reference": report.reference, "text": "Bonjour"}),
        ("post", f"{base}/reopen", {"reason": "why"}),
        ("post", f"/api/v1/staff/reports/{report.public_id}/reject", {"reason": "spam"}),
        ("post", f"/api/v1/staff/reports/{report.public_id}/route", {"unit": "dgsn-cyber-ce"}),
        ("post", f"{base}/cluster/access-requests", {"node": "r1", "reason": "same number"}),
    ]


def _client(request: pytest.FixtureRequest, name: str) -> Client:
    return personas.signed_in_client(request.getfixturevalue(name))


@pytest.mark.parametrize("name", READERS + OUTSIDERS)
def test_reads_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in _reads(case).items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in _reads(case).items()}
    assert answers == expected


@pytest.mark.parametrize("name", OUTSIDERS)
def test_writes_never_succeed_outside_need_to_know(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    for method, url, body in _writes(case):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code in (403, 404), (url, response.status_code)
    case.refresh_from_db()
    assert case.status == "open"
    assert case.notes.count() == 0


@pytest.mark.parametrize("name", OUTSIDERS)
def test_lists_and_search_never_show_the_case_outside_need_to_know(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    reference = case.reports.get().reference
    for url in (
        "/fr/staff/cases/",
        "/api/v1/cases",
        f"/fr/staff/search/?q={case.number}",
        f"/fr/staff/search/?q={reference}",
        "/fr/staff/triage/",
        "/api/v1/triage",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        # Each listed case or report links to its page by its public id; the query typed may be
        # echoed back, so the test looks for the ids, not for what was typed.
        body = response.content.decode()
        assert str(case.public_id) not in body, url
        assert str(case.reports.get().public_id) not in body, url


@pytest.mark.parametrize("name", [name for name in READERS + OUTSIDERS if name != "auditor"])
def test_only_auditors_read_the_audit_trail(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    client = _client(request, name)
    assert client.get("/api/v1/audit/events").status_code == 404
    assert client.get("/fr/staff/audit/").status_code == 404


def test_the_auditor_reads_the_trail_of_the_case_without_its_content(
    case: Case, auditor: User
) -> None:
    client = personas.signed_in_client(auditor)
    response = client.get(f"/api/v1/audit/events?object_id={case.number}")
    assert response.status_code == 200
    assert "case.opened" in response.content.decode()
    assert client.get(f"/fr/staff/cases/{case.public_id}/").status_code == 404


# A share recipient: the Centre investigator, given the case by its Littoral owners. Reading is
# every share's; each other action is either the owners' alone (refused to any recipient) or
# one of the rights the owner chooses when sharing (allowed exactly when the share grants it).
SHARES = {
    "read-only": {},
    "contribute": {"may_contribute": True},
    "download evidence": {"may_download_evidence": True},
    "export case file": {"may_export_case_file": True},
}


def _recipient_actions(
    case: Case, triage_officer: User, investigator_littoral: User
) -> list[tuple[str, str, str, dict[str, object], str | None]]:
    """(label, method, address, body, the share right it needs or None for the owners')."""
    centre = Unit.objects.get(code="dgsn-cyber-ce")
    other_share = work.case_share_add(
        case=case,
        unit=Unit.objects.get(code="antic-cirt"),
        reason="Phishing site",
        expires_at=timezone.now() + dt.timedelta(days=5),
        actor=investigator_littoral,
    )
    centre_report = services.report_submit(draft=report_draft(region="CE"), channel="web").report
    staff.report_route(report=centre_report, unit=centre, actor=triage_officer)
    loose = services.report_submit(draft=report_draft(region="CE"), channel="web").report
    staff.report_route(report=loose, unit=centre, actor=triage_officer)
    centre_case = lifecycle.case_open(
        report=centre_report, actor=personas.persona("investigator_centre")
    )
    report = case.reports.get()
    evidence = report.evidence.get()
    api = f"/api/v1/cases/{case.public_id}"
    page = f"/fr/staff/cases/{case.public_id}"
    later = (timezone.now() + dt.timedelta(days=179)).isoformat()
    return [
        ("share further", "post", f"{api}/shares", {"user": "gendarme_north", "reason": "x", "expires_at": later}, None),
        ("extend own share", "post", f"{api}/shares", {"user": "investigator_centre", "reason": "x", "expires_at": later}, None),
        ("revoke another share", "delete", f"{api}/shares/{other_share.pk}", {}, None),
        ("change status", "post", f"{api}/status", {"status": "investigating"}, None),
        ("reopen", "post", f"{api}/reopen", {"reason": "why"}, None),
        ("message the victim", "post", f"{api}/messages", {"reference": report.reference, "text": "Hi"}, None),
        ("link a case", "post", f"{api}/links", {"number": centre_case.number, "reason": "x"}, None),
        ("attach a report", "post", f"{api}/reports", {"reference": loose.reference}, None),
        ("change priority (page)", "form", f"{page}/priority/", {"priority-priority": "4", "priority-tlp": "red"}, None),
        ("change lead (page)", "form", f"{page}/lead/", {"lead-lead": investigator_littoral.pk}, None),
        ("add a note", "post", f"{api}/notes", {"body": "note"}, "may_contribute"),
        ("add a task", "post", f"{api}/tasks", {"title": "task"}, "may_contribute"),
        ("finish a task", "post", f"{api}/tasks/{case.tasks.get().pk}/done", {}, "may_contribute"),
        ("download evidence", "get", f"/fr/staff/reports/{report.public_id}/evidence/{evidence.public_id}/", {}, "may_download_evidence"),
        ("export the case file", "get", f"{page}/case-file.pdf", {}, "may_export_case_file"),
    ]  # fmt: skip


@pytest.mark.parametrize("kind", list(SHARES))
def test_a_share_recipient_takes_only_the_actions_its_share_grants(
    case: Case,
    kind: str,
    triage_officer: User,
    investigator_littoral: User,
    investigator_centre: User,
    gendarme_north: User,
) -> None:
    rights = SHARES[kind]
    work.case_share_add(
        case=case,
        user=investigator_centre,
        reason="The suspect lives in Yaoundé",
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=investigator_littoral,
        **rights,
    )
    actions = _recipient_actions(case, triage_officer, investigator_littoral)
    client = personas.signed_in_client(investigator_centre)
    assert client.get(f"/api/v1/cases/{case.public_id}").status_code == 200
    answers = {}
    for label, method, url, body, _right in actions:
        if method == "form":
            status = client.post(url, body).status_code
        elif method == "get":
            status = client.get(url).status_code
        else:
            status = getattr(client, method)(url, body, content_type="application/json").status_code
        answers[label] = (
            "allowed" if status in (200, 201) else "refused" if status == 403 else status
        )
    expected = {
        label: "allowed" if right is not None and rights.get(right) else "refused"
        for label, _method, _url, _body, right in actions
    }
    assert answers == expected
    case.refresh_from_db()
    assert (case.status, case.priority, case.lead) == ("open", 2, investigator_littoral)
    assert case.shares.filter(revoked_at__isnull=True).count() == 2
    assert not case.shares.filter(user__username="gendarme_north").exists()
    assert case.reports.count() == 1
    assert not case.events.filter(kind__in=["message_sent", "linked"]).exists()


# Requisitions: one sent to MTN on the case, with MTN's answer file; one still a draft. The
# case's readers and MTN's responder read the sent one (the responder nothing of the case);
# only a supervisor of the chain approves, only MTN's responders answer.
REQUISITION_PEOPLE = (*READERS, *OUTSIDERS, "orange_responder")


@pytest.fixture
def requisitions(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> tuple[Requisition, Requisition]:
    def drafted() -> Requisition:
        return requisition_workflow.requisition_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            kind=RequisitionKind.SUBSCRIBER_IDENTITY,
            identifiers=[("phone", "+237677123456")],
            legal_basis=LegalBasis.objects.get(code="law-2010-012-art-25"),
        )

    answered = requisition_workflow.requisition_approve(
        actor=supervisor_police, requisition=drafted()
    )
    requisition_workflow.requisition_answer(
        actor=mtn_responder,
        requisition=answered,
        text="Titulaire : Paul N.",
        files=[IncomingFile(name="fiche.png", content=PNG)],
    )
    return answered, drafted()


@pytest.mark.parametrize("name", REQUISITION_PEOPLE)
def test_requisition_pages_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest,
    case: Case,
    requisitions: tuple[Requisition, Requisition],
    name: str,
) -> None:
    answered, draft = requisitions
    evidence = answered.answer_files.get()
    page = f"/fr/staff/requisitions/{answered.public_id}/"
    pages = {
        "case requisitions": (f"/fr/staff/cases/{case.public_id}/requisitions/", set(READERS)),
        "requisition page": (page, {*READERS, "mtn_responder"}),
        "answer file": (f"{page}files/{evidence.public_id}/", {*READERS, "mtn_responder"}),
        "draft page": (f"/fr/staff/requisitions/{draft.public_id}/", set(READERS)),
        "partner desk": ("/fr/staff/desk/", {"mtn_responder", "orange_responder"}),
        "overdue list": ("/fr/staff/requisitions/overdue/", {"supervisor_police"}),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in pages.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in pages.items()}
    assert answers == expected
    desk = client.get("/fr/staff/desk/").content.decode()
    assert (answered.reference in desk) == (name == "mtn_responder")
    assert draft.reference not in desk


@pytest.mark.parametrize("name", [n for n in REQUISITION_PEOPLE if n != "supervisor_police"])
def test_only_a_supervisor_of_the_chain_approves(
    request: pytest.FixtureRequest, requisitions: tuple[Requisition, Requisition], name: str
) -> None:
    _answered, draft = requisitions
    response = _client(request, name).post(f"/fr/staff/requisitions/{draft.public_id}/approve/")
    assert response.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("name", [n for n in REQUISITION_PEOPLE if n != "mtn_responder"])
def test_only_the_addressees_responders_answer(
    request: pytest.FixtureRequest,
    case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    name: str,
) -> None:
    sent = requisition_workflow.requisition_approve(
        actor=supervisor_police,
        requisition=requisition_workflow.requisition_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code="mtn"),
            kind=RequisitionKind.CALL_RECORDS,
            identifiers=[("phone", "+237677123456")],
            legal_basis=LegalBasis.objects.get(code="ccp-judicial-police"),
        ),
    )
    client = _client(request, name)
    base = f"/fr/staff/requisitions/{sent.public_id}"
    for action, body in (
        ("acknowledge", {}),
        ("answer", {"answer-text": "x"}),
        ("refuse", {"refuse-reason": "x"}),
    ):
        assert client.post(f"{base}/{action}/", body).status_code in (403, 404), action
    sent.refresh_from_db()
    assert sent.status == "sent"


# The partner API of requisitions: only a key of the addressee holding respond_requisitions reads
# and answers; another partner's key gets a 404, a key without the permission a 403, and a staff
# session (even MTN's responder's) is not how the API is called: 401.
PARTNER_API = "/api/v1/partner/requisitions"
PARTNER_KEYS = {
    "mtn": ("mtn", [Permission.RESPOND_REQUISITIONS]),
    "orange": ("orange", [Permission.RESPOND_REQUISITIONS]),
    "mtn without the permission": ("mtn", [Permission.PULL_FRAUD_LIST]),
}


@pytest.mark.parametrize("holder", PARTNER_KEYS)
def test_partner_api_keys_reach_only_their_organisations_requisitions(
    client: Client,
    requisitions: tuple[Requisition, Requisition],
    administrator_user: User,
    holder: str,
) -> None:
    answered, draft = requisitions
    organisation, permissions = PARTNER_KEYS[holder]
    key = create_key(administrator_user, organisation, permissions=permissions).key
    headers = {"authorization": f"Bearer {key}"}
    reads = {
        "list": f"{PARTNER_API}?status=answered",
        "answered": f"{PARTNER_API}/{answered.reference}",
        "draft": f"{PARTNER_API}/{draft.reference}",
    }
    answers = {label: client.get(url, headers=headers).status_code for label, url in reads.items()}
    if holder == "mtn":
        assert answers == {"list": 200, "answered": 200, "draft": 404}
        listed = client.get(reads["list"], headers=headers).json()["items"]
        assert [item["reference"] for item in listed] == [answered.reference]
    elif holder == "orange":
        assert answers == {"list": 200, "answered": 404, "draft": 404}
        assert client.get(reads["list"], headers=headers).json()["count"] == 0
    else:
        assert set(answers.values()) == {403}
    for action, body in (
        ("acknowledge", {}),
        ("answer", {"text": "x"}),
        ("refuse", {"reason": "x"}),
    ):
        response = client.post(
            f"{PARTNER_API}/{draft.reference}/{action}",
            body,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code in (403, 404), action
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize("name", REQUISITION_PEOPLE)
def test_the_partner_api_is_not_called_with_a_session(
    request: pytest.FixtureRequest, requisitions: tuple[Requisition, Requisition], name: str
) -> None:
    answered, _draft = requisitions
    client = _client(request, name)
    assert client.get(PARTNER_API).status_code == 401
    assert client.get(f"{PARTNER_API}/{answered.reference}").status_code == 401


# Wallet freezes: one sent to MTN on the case. The case's readers and MTN's responder read it
# (the responder nothing of the case); Orange's responder and the outsiders get a 404; only
# MTN's responders answer it.
@pytest.fixture
def freeze(case: Case, investigator_littoral: User) -> FreezeRequest:
    return freeze_services.freeze_request_create(
        actor=investigator_littoral,
        case=case,
        issuer=Organisation.objects.get(code="mtn"),
        account="677 12 34 56",
        amount_asked=50_000,
    )


@pytest.mark.parametrize("name", REQUISITION_PEOPLE)
def test_freeze_pages_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, case: Case, freeze: FreezeRequest, name: str
) -> None:
    pages = {
        "money trail": (f"/fr/staff/cases/{case.public_id}/money-trail/", set(READERS)),
        "freeze page": (f"/fr/staff/freezes/{freeze.public_id}/", {*READERS, "mtn_responder"}),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in pages.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in pages.items()}
    assert answers == expected
    if name == "mtn_responder":
        page = client.get(f"/fr/staff/freezes/{freeze.public_id}/").content.decode()
        assert case.number not in page
        assert freeze.reference in client.get("/fr/staff/desk/").content.decode()


@pytest.mark.parametrize("name", [n for n in REQUISITION_PEOPLE if n != "mtn_responder"])
def test_only_the_issuers_responders_answer_a_freeze(
    request: pytest.FixtureRequest, freeze: FreezeRequest, name: str
) -> None:
    response = _client(request, name).post(
        f"/fr/staff/freezes/{freeze.public_id}/answer/",
        {"answer-outcome": "held", "answer-amount": "1000"},
    )
    assert response.status_code in (403, 404)
    freeze.refresh_from_db()
    assert freeze.status == "sent"


# Freezes proposed from a report (routed to the Littoral, no case yet): the report's readers see
# the freeze and the report page lists it; MTN Mobile Money's responder sees it on its desk; the
# outsiders, MTN's and Orange's responders get a 404. The partner API answers only MTN Mobile
# Money's key, and never for a freeze awaiting approval; only a supervisor approves one.
FREEZE_API = "/api/v1/partner/freezes"


@pytest.fixture
def proposed_freezes(
    triage_officer: User, settings: Settings
) -> tuple[FreezeRequest, FreezeRequest]:
    from tests.requisitions.conftest import fraud_report
    from vigilance.requisitions.services.freeze_proposals import (
        Trigger,
        freeze_propose_for_report,
    )

    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    proposed = []
    for amount in (50_000, 900_000):
        report = fraud_report(amount=amount)
        staff.report_route(report=report, unit=littoral, actor=triage_officer)
        settings.FREEZE_APPROVAL_THRESHOLD_XAF = 100_000 if amount > 100_000 else 1_000_000
        freeze = freeze_propose_for_report(report=report, trigger=Trigger.TRIAGE)
        assert freeze is not None
        proposed.append(freeze)
    sent, waiting = proposed
    assert (sent.status, waiting.status) == ("sent", "awaiting_approval")
    return sent, waiting


@pytest.mark.parametrize("name", [*REQUISITION_PEOPLE, "momo_responder"])
def test_a_freeze_proposed_from_a_report_follows_the_reports_need_to_know(
    request: pytest.FixtureRequest,
    proposed_freezes: tuple[FreezeRequest, FreezeRequest],
    name: str,
) -> None:
    from tests.requisitions.conftest import staff_member

    sent, waiting = proposed_freezes
    if name == "momo_responder":
        user = staff_member("momo_responder", "mtn-momo-fraud", ["partner_responder"])
        client = personas.signed_in_client(user)
    else:
        client = _client(request, name)
    answers = {
        "sent": client.get(f"/fr/staff/freezes/{sent.public_id}/").status_code,
        "waiting": client.get(f"/fr/staff/freezes/{waiting.public_id}/").status_code,
        "report": client.get(f"/fr/staff/reports/{sent.report.public_id}/").status_code,
    }
    if name in READERS:
        assert answers == {"sent": 200, "waiting": 200, "report": 200}
        page = client.get(f"/fr/staff/reports/{sent.report.public_id}/").content.decode()
        assert sent.reference in page
    elif name == "momo_responder":
        assert answers == {"sent": 200, "waiting": 404, "report": 404}
        assert sent.reference in client.get("/fr/staff/desk/").content.decode()
    else:
        assert answers == {"sent": 404, "waiting": 404, "report": 404}
    approval = client.post(f"/fr/staff/freezes/{waiting.public_id}/approve/")
    waiting.refresh_from_db()
    if name == "supervisor_police":
        assert approval.status_code == 302
        assert waiting.status == "sent"
    else:
        assert approval.status_code in (403, 404)
        assert waiting.status == "awaiting_approval"


@pytest.mark.parametrize("organisation", ["mtn_momo", "mtn", "orange_money"])
def test_the_freeze_api_answers_only_the_issuers_key(
    client: Client,
    proposed_freezes: tuple[FreezeRequest, FreezeRequest],
    administrator_user: User,
    organisation: str,
) -> None:
    sent, waiting = proposed_freezes
    key = create_key(
        administrator_user, organisation, permissions=[Permission.RESPOND_REQUISITIONS]
    ).key
    headers = {"authorization": f"Bearer {key}"}
    answers = {
        "sent": client.get(f"{FREEZE_API}/{sent.reference}", headers=headers).status_code,
        "waiting": client.get(f"{FREEZE_API}/{waiting.reference}", headers=headers).status_code,
    }
    listed = client.get(FREEZE_API, headers=headers).json()["items"]
    if organisation == "mtn_momo":
        assert answers == {"sent": 200, "waiting": 404}
        assert [item["reference"] for item in listed] == [sent.reference]
    else:
        assert answers == {"sent": 404, "waiting": 404}
        assert listed == []
        response = client.post(
            f"{FREEZE_API}/{sent.reference}/answer",
            {"outcome": "held", "amount": 1000},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 404
    assert client.get(FREEZE_API).status_code == 401


# The requisition's letter (PDF): the case's readers and MTN's responder download the signed one;
# a draft's unsigned preview only for its drafter and the supervisor who may approve it; the
# partner API serves it to MTN's key only.
@pytest.mark.parametrize("name", REQUISITION_PEOPLE)
def test_requisition_letters_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, requisitions: tuple[Requisition, Requisition], name: str
) -> None:
    answered, draft = requisitions
    letters = {
        "signed letter": (
            f"/fr/staff/requisitions/{answered.public_id}/pdf/",
            {*READERS, "mtn_responder"},
        ),
        "draft preview": (
            f"/fr/staff/requisitions/{draft.public_id}/pdf/",
            {"investigator_littoral", "supervisor_police"},
        ),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in letters.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in letters.items()}
    assert answers == expected


@pytest.mark.parametrize("holder", PARTNER_KEYS)
def test_partner_api_letters_reach_only_the_addressee(
    client: Client,
    requisitions: tuple[Requisition, Requisition],
    administrator_user: User,
    holder: str,
) -> None:
    answered, draft = requisitions
    organisation, permissions = PARTNER_KEYS[holder]
    key = create_key(administrator_user, organisation, permissions=permissions).key
    headers = {"authorization": f"Bearer {key}"}
    answers = {
        label: client.get(f"{PARTNER_API}/{item.reference}/pdf", headers=headers).status_code
        for label, item in (("answered", answered), ("draft", draft))
    }
    expected = {
        "mtn": {"answered": 200, "draft": 404},
        "orange": {"answered": 404, "draft": 404},
        "mtn without the permission": {"answered": 403, "draft": 403},
    }
    assert answers == expected[holder]
    assert Client().get(f"{PARTNER_API}/{answered.reference}/pdf").status_code == 401


# Takedowns and requests abroad: one takedown sent to Orange (an operator blocks) and one
# request abroad on the case. The case's readers read both, Orange's responder the takedown
# only (nothing of the case); MTN's responder and the outsiders get a 404. Only a supervisor
# of the chain who did not draft approves; only Orange's responders answer the takedown; only
# those in charge record a step abroad.
@pytest.fixture
def outward(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> tuple[TakedownRequest, TakedownRequest, ForeignRequest]:
    def drafted() -> TakedownRequest:
        return takedown_services.takedown_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code="orange"),
            action="block",
            target_type="url",
            target="https://orange-money-bonus.example.com/claim",
            justification="Phishing page.",
        )

    sent = takedown_services.takedown_approve(actor=supervisor_police, takedown=drafted())
    foreign = abroad_services.foreign_request_draft(
        actor=investigator_littoral,
        case=case,
        kind="mutual_legal_assistance",
        country="NG",
        legal_basis="budapest",
        asked="Identify the account holder.",
        addressee_name="Attorney General of the Federation (Nigeria)",
    )
    return sent, drafted(), foreign


@pytest.mark.parametrize("name", REQUISITION_PEOPLE)
def test_takedown_and_abroad_pages_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest,
    case: Case,
    outward: tuple[TakedownRequest, TakedownRequest, ForeignRequest],
    name: str,
) -> None:
    sent, _waiting, foreign = outward
    report = case.reports.get()
    workers = {"investigator_littoral", "supervisor_police"}
    pages = {
        "case takedowns": (f"/fr/staff/cases/{case.public_id}/takedowns/", set(READERS)),
        "takedown page": (f"/fr/staff/takedowns/{sent.public_id}/", {*READERS, "orange_responder"}),
        "cluster takedown": (f"/fr/staff/reports/{report.public_id}/takedowns/new/", workers),
        "case abroad": (f"/fr/staff/cases/{case.public_id}/abroad/", set(READERS)),
        "abroad page": (f"/fr/staff/abroad/{foreign.public_id}/", set(READERS)),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in pages.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in pages.items()}
    assert answers == expected
    if name == "orange_responder":
        assert case.number not in client.get(pages["takedown page"][0]).content.decode()
        assert sent.reference in client.get("/fr/staff/desk/").content.decode()


@pytest.mark.parametrize("name", [n for n in REQUISITION_PEOPLE if n != "supervisor_police"])
def test_only_a_supervisor_of_the_chain_approves_a_takedown_or_a_request_abroad(
    request: pytest.FixtureRequest,
    outward: tuple[TakedownRequest, TakedownRequest, ForeignRequest],
    name: str,
) -> None:
    _sent, waiting, foreign = outward
    client = _client(request, name)
    assert client.post(f"/fr/staff/takedowns/{waiting.public_id}/approve/").status_code in (
        403,
        404,
    )
    assert client.post(f"/fr/staff/abroad/{foreign.public_id}/approve/").status_code in (403, 404)
    waiting.refresh_from_db()
    foreign.refresh_from_db()
    assert (waiting.status, foreign.status) == ("awaiting_approval", "awaiting_approval")


@pytest.mark.parametrize("name", [n for n in REQUISITION_PEOPLE if n != "orange_responder"])
def test_only_the_addressees_responders_answer_a_takedown(
    request: pytest.FixtureRequest,
    outward: tuple[TakedownRequest, TakedownRequest, ForeignRequest],
    name: str,
) -> None:
    sent, _waiting, _foreign = outward
    client = _client(request, name)
    for action, body in (("acknowledge", {}), ("done", {}), ("refuse", {"refuse-reason": "no"})):
        response = client.post(f"/fr/staff/takedowns/{sent.public_id}/{action}/", body)
        assert response.status_code in (403, 404), action
    sent.refresh_from_db()
    assert sent.status == "sent"


@pytest.mark.parametrize(
    "name",
    [n for n in REQUISITION_PEOPLE if n not in {"investigator_littoral", "supervisor_police"}],
)
def test_only_those_in_charge_record_a_step_abroad(
    request: pytest.FixtureRequest,
    outward: tuple[TakedownRequest, TakedownRequest, ForeignRequest],
    supervisor_police: User,
    name: str,
) -> None:
    _sent, _waiting, foreign = outward
    abroad_services.foreign_request_approve(actor=supervisor_police, foreign_request=foreign)
    response = _client(request, name).post(
        f"/fr/staff/abroad/{foreign.public_id}/record/",
        {"record-outcome": "acknowledged", "record-on": timezone.localdate().isoformat()},
    )
    assert response.status_code in (403, 404)
    foreign.refresh_from_db()
    assert foreign.status == "sent"


# Requisition deadlines, statistics and the magistrate's authorisation. The overdue list and the
# statistics (page and JSON) are the supervisors'; everyone else gets a 404. A requisition citing
# a basis reserved to a magistrate: a magistrate of the prosecutor's office reads it (never the
# case) and alone authorises it; the supervisor cannot send it before; the drafter authorises
# nothing.
MAGISTRATE_PEOPLE = (*REQUISITION_PEOPLE, "magistrate")


@pytest.fixture
def awaiting_magistrate(case: Case, investigator_littoral: User) -> Requisition:
    return requisition_workflow.requisition_draft(
        actor=investigator_littoral,
        case=case,
        addressee=Organisation.objects.get(code="mtn"),
        kind=RequisitionKind.CALL_RECORDS,
        identifiers=[("phone", "+237677123456")],
        legal_basis=LegalBasis.objects.get(code="ccp-magistrate"),
        grounds="Calls of the scam number in March.",
    )


@pytest.mark.parametrize("name", MAGISTRATE_PEOPLE)
def test_deadline_statistics_and_authorisation_pages_within_need_to_know(
    request: pytest.FixtureRequest, case: Case, awaiting_magistrate: Requisition, name: str
) -> None:
    supervisors = {"supervisor_police"}
    pages = {
        "overdue list": ("/fr/staff/requisitions/overdue/", supervisors),
        "statistics page": ("/fr/staff/requisitions/statistics/", supervisors),
        "statistics API": ("/api/v1/requisitions/statistics", supervisors),
        "authorisation queue": ("/fr/staff/requisitions/authorisations/", {"magistrate"}),
        "requisition awaiting a magistrate": (
            f"/fr/staff/requisitions/{awaiting_magistrate.public_id}/",
            {*READERS, "magistrate"},
        ),
        "case page": (f"/fr/staff/cases/{case.public_id}/", set(READERS)),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in pages.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in pages.items()}
    assert answers == expected


@pytest.mark.parametrize("name", [n for n in MAGISTRATE_PEOPLE if n != "magistrate"])
def test_only_a_magistrate_authorises_and_nobody_sends_before(
    request: pytest.FixtureRequest, awaiting_magistrate: Requisition, name: str
) -> None:
    client = _client(request, name)
    base = f"/fr/staff/requisitions/{awaiting_magistrate.public_id}"
    assert client.post(f"{base}/authorise/").status_code in (403, 404)
    assert client.post(f"{base}/approve/").status_code in (403, 404, 409)
    awaiting_magistrate.refresh_from_db()
    assert awaiting_magistrate.status == "draft"
    assert not hasattr(awaiting_magistrate, "magistrate_authorisation")


def test_the_drafter_records_no_paper_authorisation_of_their_own(
    investigator_littoral: User, awaiting_magistrate: Requisition
) -> None:
    response = personas.signed_in_client(investigator_littoral).post(
        f"/fr/staff/requisitions/{awaiting_magistrate.public_id}/record-authorisation/",
        {
            "authorisation-magistrate": "Procureur",
            "authorisation-number": "1/PR",
            "authorisation-issued_on": "2026-01-05",
            "authorisation-document": SimpleUploadedFile("s.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 403
    awaiting_magistrate.refresh_from_db()
    assert not hasattr(awaiting_magistrate, "magistrate_authorisation")


# Alerts: the communication unit's editors work on drafts; nobody else sees them (404), and the
# drafter never publishes. Partners' alerts follow their TLP; the public sees published public
# alerts only.
ALERT_PEOPLE = (
    "editor",
    "second_editor",
    "supervisor_police",
    "investigator_littoral",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "statistician",
)


@pytest.fixture
def alerts(editor: User, second_editor: User) -> dict[str, Alert]:
    from tests.alerts.factories import content, published_alert

    return {
        "review": alert_services.alert_submit(
            actor=editor, alert=alert_services.alert_draft(actor=editor, content=content())
        ),
        "public": published_alert(editor, second_editor),
        "amber": published_alert(editor, second_editor, audience="partners", tlp="amber"),
        "red": published_alert(editor, second_editor, audience="partners", tlp="red"),
    }


@pytest.mark.parametrize("name", ALERT_PEOPLE)
def test_alert_pages_answer_200_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, alerts: dict[str, Alert], name: str
) -> None:
    editors = {"editor", "second_editor"}
    staff = set(ALERT_PEOPLE)
    pages = {
        "staff list": ("/fr/staff/alerts/", editors),
        "new alert": ("/fr/staff/alerts/new/", editors),
        "alert in review": (f"/fr/staff/alerts/{alerts['review'].reference}/", editors),
        "edit in review": (f"/fr/staff/alerts/{alerts['review'].reference}/edit/", editors),
        "partners list": ("/fr/staff/alerts/partners/", staff),
        "amber alert": (f"/fr/staff/alerts/partners/{alerts['amber'].reference}/", staff),
        "red alert": (
            f"/fr/staff/alerts/partners/{alerts['red'].reference}/",
            staff - {"mtn_responder"},
        ),
    }
    client = _client(request, name)
    answers = {label: client.get(url).status_code for label, (url, _who) in pages.items()}
    expected = {label: 200 if name in who else 404 for label, (_url, who) in pages.items()}
    assert answers == expected
    assert (alerts["review"].reference in client.get("/fr/staff/alerts/").content.decode()) == (
        name in editors
    )


@pytest.mark.parametrize("name", [n for n in ALERT_PEOPLE if n != "second_editor"])
def test_only_another_editor_publishes_an_alert(
    request: pytest.FixtureRequest, alerts: dict[str, Alert], name: str
) -> None:
    review = alerts["review"]
    response = _client(request, name).post(f"/fr/staff/alerts/{review.reference}/publish/")
    assert response.status_code in (403, 404)
    review.refresh_from_db()
    assert review.status == "in_review"


@pytest.mark.parametrize("name", [n for n in ALERT_PEOPLE if n not in ("editor", "second_editor")])
def test_only_the_communication_unit_withdraws_an_alert(
    request: pytest.FixtureRequest, alerts: dict[str, Alert], name: str
) -> None:
    public = alerts["public"]
    response = _client(request, name).post(
        f"/fr/staff/alerts/{public.reference}/withdraw/", {"reason": "x"}
    )
    assert response.status_code in (403, 404)
    public.refresh_from_db()
    assert public.status == "published"


def test_the_public_sees_published_public_alerts_only(alerts: dict[str, Alert]) -> None:
    anonymous = Client()
    public = alerts["public"]
    assert anonymous.get(f"/fr/alerts/{public.reference}/{public.slug_fr}/").status_code == 200
    for hidden in ("review", "amber", "red"):
        alert = alerts[hidden]
        assert anonymous.get(f"/fr/alerts/{alert.reference}/{alert.slug_fr}/").status_code == 404
        assert anonymous.get(f"/api/v1/alerts/{alert.reference}").status_code == 404
    assert anonymous.get("/fr/staff/alerts/").status_code == 302
    assert anonymous.get("/fr/staff/alerts/partners/").status_code == 302


# Scam waves: editors and everyone who reads cases see the findings; the linked reports only
# within need-to-know (never an editor); the others get a 404, the public the sign-in page.
WAVE_READERS = {*READERS, "investigator_centre", "gendarme_north", "cirt_analyst"}
WAVE_READERS |= {"editor", "second_editor"}
WAVE_PEOPLE = (
    *READERS,
    *OUTSIDERS,
    "editor",
    "second_editor",
    "statistician",
    "magistrate",
)


@pytest.fixture
def wave_finding(case: Case) -> WaveFinding:
    report = case.reports.get()
    return WaveFinding.objects.create(
        kind=WaveKind.INDICATOR,
        subject_key="phone:+237650111222",
        indicator_type="phone",
        indicator_value="+237650111222",
        window_end=timezone.now(),
        window_day=timezone.localdate(),
        recent_count=9,
        series=[0, 0, 9],
        report_references=[report.reference],
    )


@pytest.mark.parametrize("name", WAVE_PEOPLE)
def test_scam_waves_show_linked_reports_only_within_need_to_know(
    request: pytest.FixtureRequest, case: Case, wave_finding: WaveFinding, name: str
) -> None:
    client = _client(request, name)
    report = case.reports.get()

    response = client.get("/fr/staff/alerts/waves/")

    assert response.status_code == (200 if name in WAVE_READERS else 404)
    shows_report = report.reference in response.content.decode()
    assert shows_report == (name in READERS)


@pytest.mark.parametrize("name", WAVE_PEOPLE)
def test_only_editors_and_analysts_dismiss_a_scam_wave(
    request: pytest.FixtureRequest, wave_finding: WaveFinding, name: str
) -> None:
    client = _client(request, name)
    dismissing = {"investigator_littoral", "supervisor_police", "investigator_centre"}
    dismissing |= {"gendarme_north", "cirt_analyst", "editor", "second_editor"}

    response = client.post(f"/fr/staff/alerts/waves/{wave_finding.pk}/dismiss/", {"reason": "x"})

    expected = 302 if name in dismissing else 403 if name in WAVE_READERS else 404
    assert response.status_code == expected


def test_the_public_is_sent_to_sign_in_from_scam_waves(wave_finding: WaveFinding) -> None:
    assert Client().get("/fr/staff/alerts/waves/").status_code == 302
    dismiss = f"/fr/staff/alerts/waves/{wave_finding.pk}/dismiss/"
    assert Client().post(dismiss, {"reason": "x"}).status_code in (302, 403)
    wave_finding.refresh_from_db()
    assert wave_finding.status != "dismissed"


# Alert subscriptions: public pages anyone may open; a subscriber's own page opens with the
# secret of its link alone, for nobody else, staff included; the SMS gateway's endpoint takes
# its shared secret, never a staff session.
SUBSCRIPTION_VISITORS = (
    "anonymous",
    "editor",
    "administrator_user",
    "auditor",
    "mtn_responder",
    "statistician",
)


def _visitor(request: pytest.FixtureRequest, name: str) -> Client:
    return Client() if name == "anonymous" else _client(request, name)


@pytest.mark.parametrize("name", SUBSCRIPTION_VISITORS)
def test_anyone_may_open_the_subscription_form(request: pytest.FixtureRequest, name: str) -> None:
    assert _visitor(request, name).get("/fr/alerts/subscribe/").status_code == 200


@pytest.mark.parametrize("name", SUBSCRIPTION_VISITORS)
def test_a_subscribers_page_opens_with_its_link_secret_only(
    request: pytest.FixtureRequest, name: str
) -> None:
    from vigilance.alerts.models_subscriptions import Subscriber
    from vigilance.alerts.services.subscriptions import subscriber_token

    subscriber = Subscriber.objects.create(
        channel="email", address="awa@example.cm", confirmed_at=timezone.now()
    )
    other = Subscriber.objects.create(
        channel="email", address="ngo@example.cm", confirmed_at=timezone.now()
    )
    client = _visitor(request, name)
    base = f"/fr/alerts/subscriptions/{subscriber.public_id}"
    assert client.get(f"{base}/{subscriber_token(subscriber)}/").status_code == 200
    assert client.get(f"{base}/{subscriber_token(other)}/").status_code == 404
    assert client.post(f"{base}/{subscriber_token(other)}/unsubscribe/").status_code == 404
    assert client.post(f"{base}/{subscriber_token(other)}/", {"language": "en"}).status_code == 404
    assert Subscriber.objects.receiving().count() == 2


@pytest.mark.parametrize("name", SUBSCRIPTION_VISITORS)
def test_no_session_stands_in_for_the_sms_gateways_secret(
    request: pytest.FixtureRequest, settings: Settings, name: str
) -> None:
    settings.SMS_INBOUND_TOKEN = "gateway-secret"
    response = _visitor(request, name).post(
        "/api/v1/sms/inbound",
        {"from": "+237677123456", "text": "STOP"},
        content_type="application/json",
    )
    assert response.status_code == 401


# Guidance and awareness: editors change the advice, guides and campaigns; everyone else,
# whatever their rank, gets a 404; the public reads published guides, the wizard and posters.

AWARENESS_OUTSIDERS = (
    "investigator_littoral",
    "supervisor_police",
    "cirt_analyst",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "statistician",
)


@pytest.fixture
def awareness_content(editor: User) -> dict[str, str]:
    from vigilance.alerts.services import awareness

    guide = awareness.guide_create(
        actor=editor,
        content=awareness.GuideContent(
            title_fr="Guide brouillon",
            title_en="Draft guide",
            summary_fr="Résumé",
            summary_en="Summary",
            body_fr="Texte",
            body_en="Text",
        ),
    )
    campaign = awareness.campaign_create(
        actor=editor,
        content=awareness.CampaignContent(
            name_fr="Campagne",
            name_en="Campaign",
            starts_on=dt.date(2025, 1, 1),
            poster_headline_fr="Titre",
            poster_headline_en="Headline",
            poster_message_fr="Message",
            poster_message_en="Message text",
        ),
    )
    return {"guide": guide.slug, "campaign": campaign.slug}


def _awareness_staff_pages(content: dict[str, str]) -> list[str]:
    return [
        "/fr/staff/guidance/",
        "/fr/staff/guidance/keep_evidence/",
        "/fr/staff/awareness/",
        "/fr/staff/awareness/guides/new/",
        f"/fr/staff/awareness/guides/{content['guide']}/",
        "/fr/staff/awareness/campaigns/new/",
        f"/fr/staff/awareness/campaigns/{content['campaign']}/",
    ]


@pytest.mark.parametrize("name", ["editor", "second_editor", *AWARENESS_OUTSIDERS])
def test_only_editors_open_the_guidance_and_awareness_pages(
    request: pytest.FixtureRequest, awareness_content: dict[str, str], name: str
) -> None:
    client = _client(request, name)
    expected = 200 if name in ("editor", "second_editor") else 404
    answers = {
        path: client.get(path).status_code for path in _awareness_staff_pages(awareness_content)
    }
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.parametrize("name", AWARENESS_OUTSIDERS)
def test_nobody_but_an_editor_publishes_a_guide_or_logs_a_run(
    request: pytest.FixtureRequest, awareness_content: dict[str, str], name: str
) -> None:
    from vigilance.alerts.models_guidance import CampaignRun, Guide

    client = _client(request, name)
    guide, campaign = awareness_content["guide"], awareness_content["campaign"]
    assert client.post(f"/fr/staff/awareness/guides/{guide}/publish/").status_code == 404
    run = {"medium": "radio", "place": "CRTV", "held_on": "2025-02-01"}
    assert client.post(f"/fr/staff/awareness/campaigns/{campaign}/", run).status_code == 404
    assert not Guide.objects.filter(is_published=True).exists()
    assert not CampaignRun.objects.exists()


def test_the_public_reads_the_wizard_published_guides_and_posters_only(
    awareness_content: dict[str, str],
) -> None:
    public = Client()
    assert public.get("/fr/what-happened/").status_code == 200
    assert public.get("/fr/guides/").status_code == 200
    assert public.get(f"/fr/guides/{awareness_content['guide']}/").status_code == 404
    poster = f"/fr/campaigns/{awareness_content['campaign']}/poster.pdf"
    assert public.get(poster).status_code == 200
    for path in _awareness_staff_pages(awareness_content):
        answer = public.get(path)
        assert answer.status_code == 302
        assert "/staff/sign-in/" in answer["Location"]


# The statistics dashboard: supervisors see their unit and those below it, the ministry's
# statistician the country and any unit; nobody else sees it (page, CSV export, JSON), and a
# unit outside one's scope is refused.
STATISTICS_PEOPLE = (
    "supervisor_police",
    "statistician",
    "investigator_littoral",
    "investigator_centre",
    "triage_officer",
    "cirt_analyst",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "editor",
    "magistrate",
)
STATISTICS_VIEWERS = {"supervisor_police", "statistician"}


@pytest.mark.parametrize("name", STATISTICS_PEOPLE)
def test_statistics_dashboard_export_and_api_for_supervisors_and_the_ministry_only(
    request: pytest.FixtureRequest, name: str
) -> None:
    client = _client(request, name)
    answers = {
        "page": client.get("/fr/staff/statistics/").status_code,
        "export": client.get("/fr/staff/statistics/export/reports.csv").status_code,
        "api": client.get("/api/v1/stats/dashboard").status_code,
    }
    if name in STATISTICS_VIEWERS:
        assert answers == {"page": 200, "export": 200, "api": 200}
    else:
        assert answers["page"] == 404
        assert answers["export"] == 404
        assert answers["api"] in (401, 404)


def test_statistics_of_a_unit_outside_ones_scope_are_refused(
    supervisor_police: User, statistician: User
) -> None:
    police = personas.signed_in_client(supervisor_police)
    assert police.get("/api/v1/stats/dashboard", {"unit": "sed-cyber-no"}).status_code == 400
    assert police.get("/fr/staff/statistics/", {"unit": "sed-cyber-no"}).status_code == 400
    assert police.get("/api/v1/stats/dashboard", {"unit": "dgsn-cyber-lt"}).status_code == 200
    ministry = personas.signed_in_client(statistician)
    assert ministry.get("/api/v1/stats/dashboard", {"unit": "sed-cyber-no"}).status_code == 200


def test_statistics_send_anonymous_visitors_to_sign_in(client: Client) -> None:
    assert client.get("/fr/staff/statistics/").status_code == 302
    assert client.get("/api/v1/stats/dashboard").status_code == 401


# Open statistics and the annual report. The public page and the open-data API answer everyone,
# signed in or not (they hold no person and no small cell). The annual report's page and its
# PDFs are for the ministry and the coordination centre (their statisticians and supervisors):
# a supervisor of a police unit, and everyone else, gets a 404; the public is sent to sign in.
ANNUAL_REPORT_OUTSIDERS = (
    "supervisor_police",
    "triage_officer",
    "investigator_centre",
    "cirt_analyst",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "editor",
)


@pytest.mark.parametrize("name", ["statistician", *ANNUAL_REPORT_OUTSIDERS, "anonymous"])
def test_open_statistics_answer_everyone(request: pytest.FixtureRequest, name: str) -> None:
    client = Client() if name == "anonymous" else _client(request, name)
    assert client.get("/fr/statistics/").status_code == 200
    assert client.get("/api/v1/stats/reports?by=region").status_code == 200
    assert client.get("/api/v1/stats/reports?format=csv").status_code == 200


@pytest.mark.parametrize("name", ANNUAL_REPORT_OUTSIDERS)
def test_annual_report_is_404_outside_the_ministry_and_coordination(
    request: pytest.FixtureRequest, name: str
) -> None:
    client = _client(request, name)
    year = timezone.localdate().year - 1
    assert client.get("/fr/staff/statistics/annual-report/").status_code == 404
    assert client.post("/fr/staff/statistics/annual-report/", {"year": year}).status_code == 404
    assert client.get(f"/fr/staff/statistics/annual-report/{year}.pdf").status_code == 404


def test_annual_report_sends_the_public_to_sign_in() -> None:
    response = Client().get("/fr/staff/statistics/annual-report/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"] or "connexion" in response["Location"]


def test_annual_report_answers_the_ministry_statistician_and_a_coordination_supervisor(
    statistician: User,
) -> None:
    assert (
        personas.signed_in_client(statistician)
        .get("/fr/staff/statistics/annual-report/")
        .status_code
        == 200
    )
    supervisor = personas.persona("supervisor_police")
    unit = Unit.objects.get(code="coord-supervision")
    supervisor.organisation, supervisor.unit = unit.organisation, unit
    supervisor.save(update_fields=["organisation", "unit"])
    assert (
        personas.signed_in_client(supervisor).get("/fr/staff/statistics/annual-report/").status_code
        == 200
    )


# MISP feeds of the exchange: read with a partner's key only, each collection by TLP 2.0.
MISP_FEEDS = (
    "/misp/feeds/confirmed-green/manifest.json",
    "/misp/feeds/confirmed-amber/manifest.json",
    "/misp/feeds/confirmed-amber/hashes.csv",
)


@pytest.mark.parametrize("name", READERS + OUTSIDERS)
def test_misp_feeds_refuse_staff_sessions_without_a_partner_key(
    request: pytest.FixtureRequest, name: str
) -> None:
    client = _client(request, name)
    for path in MISP_FEEDS:
        assert client.get(path).status_code == 401


def test_misp_feeds_give_amber_to_named_readers_strict_to_its_owner_and_never_red(
    administrator_user: User,
) -> None:
    from vigilance.accounts.models import OrganisationKind
    from vigilance.exchange.models import ExchangeCollection
    from vigilance.indicators.models import Indicator

    peer = Organisation.objects.create(
        code="cert-matrix", kind=OrganisationKind.PEER_CIRT, name_fr="CERT", name_en="CERT"
    )
    mtn_key = create_key(administrator_user, permissions=[Permission.EXCHANGE]).key
    peer_key = create_key(administrator_user, "cert-matrix", permissions=[Permission.EXCHANGE]).key
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.add(peer)
    ExchangeCollection.objects.create(
        slug="strict-matrix", tlp="amber_strict", owner=peer, title_fr="x", title_en="x"
    )
    now = timezone.now()
    for tlp, value in (("amber", "+237677000031"), ("red", "+237677000032")):
        Indicator.objects.create(
            type="phone", value=value, tlp=tlp, status="confirmed_fraud", status_changed_at=now
        )
    client = Client()

    def get(path: str, key: str) -> int:
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}").status_code

    assert get("/misp/feeds/confirmed-amber/manifest.json", peer_key) == 200
    assert get("/misp/feeds/confirmed-amber/manifest.json", mtn_key) == 404
    assert get("/misp/feeds/strict-matrix/manifest.json", peer_key) == 200
    assert get("/misp/feeds/strict-matrix/manifest.json", mtn_key) == 404
    for slug in ("confirmed-clear", "confirmed-green", "confirmed-amber"):
        manifest = client.get(
            f"/misp/feeds/{slug}/manifest.json", HTTP_AUTHORIZATION=f"Bearer {peer_key}"
        ).json()
        for event_uuid in manifest:
            body = b"".join(
                client.get(
                    f"/misp/feeds/{slug}/{event_uuid}.json",
                    HTTP_AUTHORIZATION=f"Bearer {peer_key}",
                ).streaming_content
            )
            assert b"+237677000032" not in body
            assert (b"+237677000031" in body) == (slug == "confirmed-amber")


@pytest.mark.parametrize("name", [n for n in READERS + OUTSIDERS if n != "supervisor_police"])
def test_misp_event_download_is_404_without_managing_the_exchange(
    request: pytest.FixtureRequest, name: str
) -> None:
    from vigilance.indicators.models import Indicator

    Indicator.objects.create(
        type="phone",
        value="+237677000041",
        tlp="amber",
        status="confirmed_fraud",
        status_changed_at=timezone.now(),
    )
    day = timezone.now().astimezone(dt.UTC).date().isoformat()
    path = f"/fr/staff/exchange/misp/confirmed-amber/{day}.json"
    assert _client(request, name).get(path).status_code == 404
    assert _client(request, "supervisor_police").get(path).status_code == 200


# The full STIX export: analysts of indicators and the exchange's managers; a 404 for the rest.
STIX_EXPORTERS = ["cirt_analyst", "investigator_littoral", "gendarme_north", "supervisor_police"]
STIX_NOT_EXPORTERS = [
    "triage_officer",
    "intake_officer",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "magistrate",
    "editor",
    "statistician",
]


@pytest.mark.parametrize("name", STIX_EXPORTERS + STIX_NOT_EXPORTERS)
def test_stix_export_answers_exporters_and_404_to_everyone_else(
    request: pytest.FixtureRequest, name: str
) -> None:
    response = _client(request, name).get("/fr/staff/exchange/export/", {"tlp": "green"})

    assert response.status_code == (200 if name in STIX_EXPORTERS else 404)


def test_stix_export_sends_the_public_to_sign_in() -> None:
    response = Client().get("/fr/staff/exchange/export/", {"tlp": "green"})

    assert response.status_code == 302


PARTNER_INDICATOR_READERS = ("investigator_littoral", "supervisor_police", "cirt_analyst")


@pytest.mark.parametrize(
    "name", [*PARTNER_INDICATOR_READERS, "triage_officer", "mtn_responder", "auditor", "editor"]
)
def test_partner_indicator_pages_answer_analysts_and_strict_imports_only_their_receivers(
    request: pytest.FixtureRequest, name: str
) -> None:
    from tests.exchange.partner_imports import partner_import

    partner, _created = Organisation.objects.get_or_create(
        code="cert-gabon",
        defaults={"kind": "peer_cirt", "name_fr": "CERT Gabon", "name_en": "CERT Gabon"},
    )
    shared = partner_import(partner, "phone", "+237 699 88 77 66", tlp="amber")
    strict = partner_import(
        partner,
        "phone",
        "+237 699 88 77 55",
        tlp="amber_strict",
        uploaded_by=personas.persona("cirt_analyst"),
    )
    client = _client(request, name)
    base = "/fr/staff/exchange/partner-indicators/"
    reader = name in PARTNER_INDICATOR_READERS

    assert client.get(base).status_code == (200 if reader else 404)
    assert client.get(f"{base}{shared.pk}/").status_code == (200 if reader else 404)
    assert client.get(f"{base}{strict.pk}/").status_code == (200 if name == "cirt_analyst" else 404)
    assert client.post(f"{base}{strict.pk}/push/", {"reason": "x"}).status_code in (404, 409)


# TLP 2.0 across the platform (docs/decisions/0023-tlp-enforced.md).


@pytest.mark.parametrize("name", OUTSIDERS)
def test_an_amber_strict_case_is_shared_within_its_organisation_only(
    request: pytest.FixtureRequest, case: Case, investigator_littoral: User, name: str
) -> None:
    work.case_priority_set(case=case, priority=2, tlp="amber_strict", actor=investigator_littoral)
    recipient: User = request.getfixturevalue(name)
    same = recipient.organisation_id == case.owning_unit.organisation_id
    answer = personas.signed_in_client(investigator_littoral).post(
        f"/fr/staff/cases/{case.public_id}/share/",
        {
            "share-person": recipient.username,
            "share-reason": "Besoin d'en connaître",
            "share-expires_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        },
    )
    # Someone who may not read cases at all is refused as an unknown person (a form error).
    refused = 409 if can(recipient, Permission.VIEW_CASES) else 400
    assert answer.status_code == (302 if same else refused)
    read = _client(request, name).get(f"/fr/staff/cases/{case.public_id}/").status_code
    assert read == (200 if same else 404)


@pytest.mark.parametrize("name", [*ALERT_PEOPLE, "cirt_analyst", "orange_responder"])
def test_an_amber_strict_partners_alert_is_read_by_the_staff_of_antic_only(
    request: pytest.FixtureRequest, editor: User, second_editor: User, name: str
) -> None:
    from tests.alerts.factories import published_alert

    alert = published_alert(editor, second_editor, audience="partners", tlp="amber_strict")
    antic = {"editor", "second_editor", "cirt_analyst"}
    client = _client(request, name)
    page = client.get(f"/fr/staff/alerts/partners/{alert.reference}/").status_code
    assert page == (200 if name in antic else 404)
    listed = client.get("/fr/staff/alerts/partners/").content.decode()
    assert (alert.reference in listed) == (name in antic)


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ("mtn", {"green", "amber", "strict-mtn"}),
        ("orange", {"green", "amber"}),
        ("mtn_momo", {"green", "amber"}),
        ("orange_money", {"green", "amber", "strict-orange-money"}),
    ],
)
def test_the_fraud_list_never_returns_red_nor_anothers_amber_strict_identifiers(
    administrator_user: User, cirt_analyst: User, organisation: str, expected: set[str]
) -> None:
    import json

    from vigilance.indicators.models import Indicator, IndicatorStatus
    from vigilance.indicators.services import indicator_set_status, indicator_tlp_set

    rows = {
        "green": ("phone", "+237699200001", "MTN", "green"),
        "amber": ("phone", "+237699200002", "Orange", "amber"),
        "red": ("phone", "+237699200003", "MTN", "red"),
        "strict-mtn": ("phone", "+237699200004", "MTN", "amber_strict"),
        "strict-orange-money": ("momo_account", "+237699200005", "orange_money", "amber_strict"),
    }
    names = {}
    for name, (kind, value, provider, tlp) in rows.items():
        item = Indicator.objects.create(type=kind, value=value, provider=provider)
        indicator_set_status(
            indicator=item, status=IndicatorStatus.CONFIRMED_FRAUD, reason="x", actor=cirt_analyst
        )
        if tlp != item.tlp:
            indicator_tlp_set(indicator=item, tlp=tlp, reason="x", actor=cirt_analyst)
        names[value] = name
    key = create_key(administrator_user, organisation).key
    for since in ({}, {"since": "2000-01-01"}):
        response = Client().get(
            "/api/v1/fraud-list", since, headers={"authorization": f"Bearer {key}"}
        )
        assert response.status_code == 200
        items = json.loads(b"".join(response.streaming_content))["items"]
        assert {names[item["value"]] for item in items} == expected


# Importing partners' files and feeds: uploads for those who analyse indicators, the TAXII
# sources for those who manage the exchange; everyone else gets 404, the public signs in.
IMPORT_PEOPLE = (
    "cirt_analyst",
    "investigator_littoral",
    "supervisor_police",
    "triage_officer",
    "mtn_responder",
    "auditor",
    "administrator_user",
    "intake_officer",
    "editor",
)
IMPORTERS = {"cirt_analyst", "investigator_littoral", "supervisor_police"}
SOURCE_MANAGERS = {"supervisor_police"}


@pytest.mark.parametrize("name", IMPORT_PEOPLE)
def test_imports_for_analysts_and_partner_feeds_for_those_who_manage_the_exchange(
    request: pytest.FixtureRequest, name: str
) -> None:
    client = _client(request, name)
    answers = {
        "imports": client.get("/fr/staff/exchange/imports/").status_code,
        "upload": client.get("/fr/staff/exchange/imports/new/").status_code,
        "sources": client.get("/fr/staff/exchange/sources/").status_code,
        "new_source": client.get("/fr/staff/exchange/sources/new/").status_code,
    }
    expected_import = 200 if name in IMPORTERS else 404
    expected_source = 200 if name in SOURCE_MANAGERS else 404
    assert answers == {
        "imports": expected_import,
        "upload": expected_import,
        "sources": expected_source,
        "new_source": expected_source,
    }


def test_imports_send_anonymous_visitors_to_sign_in(client: Client) -> None:
    assert client.get("/fr/staff/exchange/imports/").status_code == 302
    assert client.get("/fr/staff/exchange/sources/").status_code == 302


# TAXII 2.1 collections (TLP 2.0). A partner's key reads CLEAR and GREEN; AMBER only if its
# organisation is named a reader; AMBER+STRICT only if it owns the collection. Anything else is
# the same 404 as an unknown collection; a key without `exchange`, a revoked key, no key, or a
# signed-in staff member (TAXII takes keys only) is a 401.
TAXII_CALLERS = ("reader", "non_reader", "owner", "no_exchange", "revoked", "no_key", "staff")
TAXII_EXPECTED = {
    "confirmed-clear": (200, 200, 200, 401, 401, 401, 401),
    "confirmed-green": (200, 200, 200, 401, 401, 401, 401),
    "confirmed-amber": (200, 404, 404, 401, 401, 401, 401),
    "strict-owner": (404, 404, 200, 401, 401, 401, 401),
}


@pytest.fixture
def taxii_callers(administrator_user: User, cirt_analyst: User) -> dict[str, Client]:
    from vigilance.accounts import api_keys
    from vigilance.accounts.models import OrganisationKind
    from vigilance.core.tlp import Tlp
    from vigilance.exchange.models import ExchangeCollection

    def peer(code: str) -> Organisation:
        return Organisation.objects.create(
            code=code, kind=OrganisationKind.PEER_CIRT, name_fr=code, name_en=code
        )

    reader, owner = peer("peer-reader"), peer("peer-owner")
    peer("peer-other")
    ExchangeCollection.objects.get(slug="confirmed-amber").readers.add(reader)
    ExchangeCollection.objects.create(
        slug="strict-owner", tlp=Tlp.AMBER_STRICT, owner=owner, title_fr="O", title_en="O"
    )

    def key(organisation_code: str, permission: str = Permission.EXCHANGE) -> str:
        return create_key(administrator_user, organisation_code, permissions=[permission]).key

    revoked = create_key(administrator_user, "peer-reader", permissions=[Permission.EXCHANGE])
    api_keys.api_key_revoke(actor=administrator_user, api_key=revoked.api_key)
    accept = {"HTTP_ACCEPT": "application/taxii+json;version=2.1"}

    def bearer(token: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **accept)

    staff = personas.signed_in_client(cirt_analyst)
    staff.defaults.update(accept)
    return {
        "reader": bearer(key("peer-reader")),
        "non_reader": bearer(key("peer-other")),
        "owner": bearer(key("peer-owner")),
        "no_exchange": bearer(key("mtn", Permission.PULL_FRAUD_LIST)),
        "revoked": bearer(revoked.key),
        "no_key": Client(**accept),
        "staff": staff,
    }


@pytest.mark.parametrize("slug", list(TAXII_EXPECTED))
def test_taxii_collections_follow_tlp_per_partner(
    taxii_callers: dict[str, Client], slug: str
) -> None:
    from vigilance.exchange.models import ExchangeCollection

    collection_id = ExchangeCollection.objects.get(slug=slug).pk
    base = f"/taxii2/api/collections/{collection_id}/"
    for caller, expected in zip(TAXII_CALLERS, TAXII_EXPECTED[slug], strict=True):
        client = taxii_callers[caller]
        for url in (base, f"{base}objects/", f"{base}manifest/"):
            assert (caller, url, client.get(url).status_code) == (caller, url, expected)
        listed = client.get("/taxii2/api/collections/")
        if listed.status_code == 200:
            aliases = [each["alias"] for each in listed.json()["collections"]]
            assert (slug in aliases) == (expected == 200)


# The reports naming one identifier of a cluster, page by page (cases/selectors/cluster_reports).
@pytest.mark.parametrize("name", READERS + OUTSIDERS)
def test_an_identifiers_reports_in_a_cluster_answer_within_need_to_know_and_404_outside(
    request: pytest.FixtureRequest, case: Case, name: str
) -> None:
    report = case.reports.get()
    sighting = report.identifiers.exclude(indicator=None).get()
    key = f"i{sighting.indicator_id}"
    urls = [
        f"/api/v1/cases/{case.public_id}/cluster/identifiers/{key}/reports",
        f"/api/v1/staff/reports/{report.public_id}/cluster/identifiers/{key}/reports",
        f"/fr/staff/cases/{case.public_id}/cluster/?identifier={key}",
        f"/fr/staff/reports/{report.public_id}/cluster/?identifier={key}",
    ]
    client = _client(request, name)

    answers = [client.get(url).status_code for url in urls]

    assert answers == [200 if name in READERS else 404] * len(urls)
