"""What a share lets its recipient do: read always, and only the rights its owner chose.

The Centre's investigators own a case and share it with the Littoral investigator. The
recipient reads it; every owner's power (sharing, status, messages, lead, unit, priority, links,
reports) stays with the Centre and its supervisors; notes and tasks, evidence and the case file
only as the share allows.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests import personas
from tests.factories import report_draft
from tests.intake.test_receipts import PNG
from vigilance.accounts.models import Unit, User
from vigilance.cases.access import CaseAction, case_actions_allowed, case_standing
from vigilance.cases.models import Case, CaseEvent, CaseShare, CaseStatus
from vigilance.cases.services import lifecycle, work
from vigilance.core.errors import NotAllowed
from vigilance.core.signing import create_development_certificate
from vigilance.evidence.services import IncomingFile
from vigilance.intake import services, staff
from vigilance.intake.correlation import FoundIdentifier, extracted_sightings
from vigilance.intake.models import Report, Sighting

pytestmark = pytest.mark.django_db
PASSPHRASE = "share rights"
OWNERS_ONLY = {
    CaseAction.MANAGE_SHARES,
    CaseAction.CHANGE_STATUS,
    CaseAction.REOPEN,
    CaseAction.ATTACH_REPORT,
    CaseAction.CHANGE_LEAD,
    CaseAction.CHANGE_UNIT,
    CaseAction.CHANGE_PRIORITY,
    CaseAction.LINK,
    CaseAction.MESSAGE_VICTIM,
}


@pytest.fixture(autouse=True)
def _signing_certificate(settings: Settings, tmp_path: Path) -> None:
    settings.SIGNING_CERTIFICATE = tmp_path / "platform.p12"
    settings.SIGNING_CERTIFICATE_PASSPHRASE = PASSPHRASE
    create_development_certificate(path=settings.SIGNING_CERTIFICATE, passphrase=PASSPHRASE)


def _routed_report(triage_officer: User, unit: str = "dgsn-cyber-ce") -> Report:
    report = services.report_submit(
        draft=report_draft(region="CE"),
        channel="web",
        evidence=[IncomingFile(name="capture.png", content=PNG)],
    ).report
    return staff.report_route(report=report, unit=Unit.objects.get(code=unit), actor=triage_officer)


@pytest.fixture
def case(triage_officer: User, investigator_centre: User) -> Case:
    opened = lifecycle.case_open(report=_routed_report(triage_officer), actor=investigator_centre)
    work.case_task_add(case=opened, title="Requisition MTN", actor=investigator_centre)
    return opened


def _share(case: Case, **rights: bool) -> CaseShare:
    return work.case_share_add(
        case=case,
        user=personas.persona("investigator_littoral"),
        reason="The suspect lives in Douala",
        expires_at=timezone.now() + dt.timedelta(days=10),
        actor=personas.persona("investigator_centre"),
        **rights,
    )


def _other_share(case: Case) -> CaseShare:
    return work.case_share_add(
        case=case,
        unit=Unit.objects.get(code="antic-cirt"),
        reason="Phishing site to take down",
        expires_at=timezone.now() + dt.timedelta(days=5),
        actor=personas.persona("investigator_centre"),
    )


def _api(user: User) -> Client:
    return personas.signed_in_client(user)


def _post(client: Client, url: str, body: dict[str, object]) -> int:
    return client.post(url, body, content_type="application/json").status_code


# The standing, as a plain rule


def test_a_member_of_the_owning_unit_is_in_charge(case: Case, investigator_centre: User) -> None:
    assert case_standing(investigator_centre, case).in_charge
    # Reopening and moving the case are the supervisors' (by role).
    expected = OWNERS_ONLY - {CaseAction.REOPEN, CaseAction.CHANGE_UNIT}
    assert case_actions_allowed(investigator_centre, case) >= expected


def test_a_supervisor_above_the_owning_unit_is_in_charge(
    case: Case, supervisor_police: User
) -> None:
    allowed = case_actions_allowed(supervisor_police, case)
    assert {CaseAction.REOPEN, CaseAction.CHANGE_UNIT, CaseAction.MANAGE_SHARES} <= allowed


def test_a_read_only_share_allows_no_action(case: Case, investigator_littoral: User) -> None:
    _share(case)
    standing = case_standing(investigator_littoral, case)
    assert standing.recipient
    assert not standing.in_charge
    assert case_actions_allowed(investigator_littoral, case) == frozenset()


@pytest.mark.parametrize(
    ("right", "action"),
    [
        ("may_contribute", CaseAction.CONTRIBUTE),
        ("may_download_evidence", CaseAction.DOWNLOAD_EVIDENCE),
        ("may_export_case_file", CaseAction.EXPORT_CASE_FILE),
    ],
)
def test_each_right_of_a_share_allows_its_action_only(
    case: Case, investigator_littoral: User, right: str, action: str
) -> None:
    _share(case, **{right: True})
    assert case_actions_allowed(investigator_littoral, case) == {action}


def test_the_rights_of_a_person_are_the_union_of_their_active_shares(
    case: Case, investigator_centre: User, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True)
    work.case_share_add(
        case=case,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        reason="Joint operation",
        expires_at=timezone.now() + dt.timedelta(days=3),
        may_download_evidence=True,
        actor=investigator_centre,
    )
    assert case_actions_allowed(investigator_littoral, case) == {
        CaseAction.CONTRIBUTE,
        CaseAction.DOWNLOAD_EVIDENCE,
    }


def test_an_expired_or_revoked_share_grants_no_right(
    case: Case, investigator_centre: User, investigator_littoral: User
) -> None:
    expired = _share(case, may_contribute=True)
    CaseShare.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked = _share(case, may_export_case_file=True)
    work.case_share_revoke(case=case, share_id=revoked.pk, actor=investigator_centre)
    assert case_standing(investigator_littoral, case).is_nowhere


def test_the_coordination_centre_reads_attaches_reports_and_opens_files_only(
    case: Case, triage_officer: User
) -> None:
    assert case_actions_allowed(triage_officer, case) == {
        CaseAction.ATTACH_REPORT,
        CaseAction.DOWNLOAD_EVIDENCE,
    }


def test_a_share_made_without_rights_grants_reading_only(case: Case) -> None:
    share = _share(case)
    assert (share.may_contribute, share.may_download_evidence, share.may_export_case_file) == (
        False,
        False,
        False,
    )


# Through the API, as the recipient of a read-only share


def test_a_recipient_cannot_share_the_case_further(
    case: Case, investigator_littoral: User, gendarme_north: User
) -> None:
    _share(case)
    answer = _api(investigator_littoral).post(
        f"/api/v1/cases/{case.public_id}/shares",
        {
            "user": gendarme_north.username,
            "reason": "Help",
            "expires_at": (timezone.now() + dt.timedelta(days=30)).isoformat(),
        },
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "forbidden"
    assert answer.json()["error"]["message"]
    assert CaseShare.objects.filter(case=case).count() == 1
    assert _api(gendarme_north).get(f"/api/v1/cases/{case.public_id}").status_code == 404


def test_a_recipient_cannot_extend_their_own_access(
    case: Case, investigator_littoral: User
) -> None:
    share = _share(case)
    answer = _post(
        _api(investigator_littoral),
        f"/api/v1/cases/{case.public_id}/shares",
        {
            "user": investigator_littoral.username,
            "reason": "More time",
            "expires_at": (timezone.now() + dt.timedelta(days=179)).isoformat(),
            "may_contribute": True,
            "may_download_evidence": True,
            "may_export_case_file": True,
        },
    )
    assert answer == 403
    assert list(CaseShare.objects.filter(case=case)) == [share]
    assert case_actions_allowed(investigator_littoral, case) == frozenset()


def test_a_recipient_cannot_revoke_the_owners_other_shares_nor_their_own(
    case: Case, investigator_littoral: User
) -> None:
    own = _share(case)
    other = _other_share(case)
    client = _api(investigator_littoral)
    for share in (other, own):
        answer = client.delete(f"/api/v1/cases/{case.public_id}/shares/{share.pk}")
        assert answer.status_code == 403
    assert CaseShare.objects.filter(case=case, revoked_at__isnull=True).count() == 2


def test_a_recipient_cannot_change_the_status_nor_close_the_case(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True, may_download_evidence=True, may_export_case_file=True)
    client = _api(investigator_littoral)
    base = f"/api/v1/cases/{case.public_id}"
    assert _post(client, f"{base}/status", {"status": "investigating"}) == 403
    assert (
        _post(client, f"{base}/status", {"status": "closed", "outcome": "insufficient_information"})
        == 403
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_recipient_cannot_reopen_a_closed_case(case: Case, investigator_centre: User) -> None:
    lifecycle.case_transition(case=case, status="investigating", actor=investigator_centre)
    lifecycle.case_transition(
        case=case, status="closed", outcome="insufficient_information", actor=investigator_centre
    )
    # A supervisor of the gendarmerie: allowed to reopen by role, but not in charge of this case.
    gendarme_supervisor = personas.persona("gendarme_north")
    gendarme_supervisor.roles = ["supervisor"]
    gendarme_supervisor.save(update_fields=["roles"])
    work.case_share_add(
        case=case,
        user=gendarme_supervisor,
        reason="Review",
        expires_at=timezone.now() + dt.timedelta(days=3),
        actor=investigator_centre,
    )
    answer = _post(
        _api(gendarme_supervisor), f"/api/v1/cases/{case.public_id}/reopen", {"reason": "Why not"}
    )
    assert answer == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_recipient_cannot_write_to_the_victim(case: Case, investigator_littoral: User) -> None:
    _share(case, may_contribute=True)
    reference = case.reports.get().reference
    answer = _post(
        _api(investigator_littoral),
        f"/api/v1/cases/{case.public_id}/messages",
        {"reference": reference, "text": "Send me 50 000 F to speed up your case"},
    )
    assert answer == 403
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_SENT).exists()


def test_a_recipient_cannot_link_cases_nor_attach_reports(
    case: Case, triage_officer: User, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True)
    own_case = lifecycle.case_open(
        report=_routed_report(triage_officer, unit="dgsn-cyber-lt"), actor=investigator_littoral
    )
    loose = _routed_report(triage_officer, unit="dgsn-cyber-lt")
    client = _api(investigator_littoral)
    base = f"/api/v1/cases/{case.public_id}"
    assert _post(client, f"{base}/links", {"number": own_case.number, "reason": "x"}) == 403
    assert _post(client, f"{base}/reports", {"reference": loose.reference}) == 403
    assert case.reports.count() == 1
    assert not case.links_out.exists()
    assert not case.links_in.exists()


def test_a_read_only_recipient_cannot_add_notes_or_tasks(
    case: Case, investigator_littoral: User
) -> None:
    _share(case)
    client = _api(investigator_littoral)
    base = f"/api/v1/cases/{case.public_id}"
    task = case.tasks.get()
    assert _post(client, f"{base}/notes", {"body": "Seen"}) == 403
    assert _post(client, f"{base}/tasks", {"title": "Call the victim"}) == 403
    assert _post(client, f"{base}/tasks/{task.pk}/done", {}) == 403
    assert case.notes.count() == 0
    assert case.tasks.count() == 1
    task.refresh_from_db()
    assert task.done_at is None


def test_a_contributing_recipient_adds_notes_and_tasks(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True)
    client = _api(investigator_littoral)
    base = f"/api/v1/cases/{case.public_id}"
    assert _post(client, f"{base}/notes", {"body": "The number is active in Douala"}) == 201
    assert _post(client, f"{base}/tasks", {"title": "Visit the shop"}) == 201
    assert _post(client, f"{base}/tasks/{case.tasks.first().pk}/done", {}) == 200
    read = client.get(base).json()
    assert read["actions"] == ["contribute"]


def test_the_recipient_reads_the_case_and_its_rights(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_download_evidence=True)
    answer = _api(investigator_littoral).get(f"/api/v1/cases/{case.public_id}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["actions"] == ["download_evidence"]
    assert body["shares"][0]["may_download_evidence"] is True
    assert body["shares"][0]["may_contribute"] is False


# The owners keep every power


def test_the_owner_shares_with_chosen_rights_through_the_api(
    case: Case, investigator_centre: User, investigator_littoral: User
) -> None:
    answer = _api(investigator_centre).post(
        f"/api/v1/cases/{case.public_id}/shares",
        {
            "user": investigator_littoral.username,
            "reason": "The suspect lives in Douala",
            "expires_at": (timezone.now() + dt.timedelta(days=30)).isoformat(),
            "may_contribute": True,
            "may_export_case_file": True,
        },
        content_type="application/json",
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (
        body["may_contribute"],
        body["may_download_evidence"],
        body["may_export_case_file"],
    ) == (
        True,
        False,
        True,
    )
    assert case_actions_allowed(investigator_littoral, case) == {
        CaseAction.CONTRIBUTE,
        CaseAction.EXPORT_CASE_FILE,
    }


def test_the_owner_and_the_supervisor_still_run_the_case(
    case: Case, investigator_centre: User, supervisor_police: User
) -> None:
    _share(case)
    other = _other_share(case)
    owner = _api(investigator_centre)
    base = f"/api/v1/cases/{case.public_id}"
    assert _post(owner, f"{base}/status", {"status": "investigating"}) == 200
    reference = case.reports.get().reference
    assert _post(owner, f"{base}/messages", {"reference": reference, "text": "Bonjour"}) == 201
    assert owner.delete(f"{base}/shares/{other.pk}").status_code == 200
    supervisor = _api(supervisor_police)
    assert (
        _post(
            supervisor,
            f"{base}/status",
            {"status": "closed", "outcome": "insufficient_information"},
        )
        == 200
    )
    assert _post(supervisor, f"{base}/reopen", {"reason": "New evidence"}) == 200


# Evidence and the case file, through the pages


def _evidence_url(case: Case) -> str:
    report = case.reports.get()
    return reverse(
        "cases:report_evidence",
        kwargs={"report_id": report.public_id, "evidence_id": report.evidence.get().public_id},
    )


def test_a_recipient_without_the_right_cannot_download_evidence(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True, may_export_case_file=True)
    client = personas.signed_in_client(investigator_littoral)
    answer = client.get(_evidence_url(case))
    assert answer.status_code == 403
    assert answer["Content-Type"].startswith("text/html")
    assert "does not allow you to download evidence" in answer.content.decode()
    page = client.get(
        reverse("cases:report_detail", kwargs={"report_id": case.reports.get().public_id})
    )
    assert _evidence_url(case) not in page.content.decode()


def test_a_recipient_with_the_right_downloads_evidence(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_download_evidence=True)
    answer = personas.signed_in_client(investigator_littoral).get(_evidence_url(case))
    assert answer.status_code == 200
    assert answer.content == PNG


def test_a_recipient_without_the_right_cannot_export_the_case_file(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True, may_download_evidence=True)
    url = reverse("cases:case_export", kwargs={"case_id": case.public_id})
    answer = personas.signed_in_client(investigator_littoral).get(url)
    assert answer.status_code == 403
    assert "does not allow you to export the signed case file" in answer.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.EXPORTED).exists()


def test_a_recipient_with_the_right_exports_the_case_file(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_export_case_file=True)
    url = reverse("cases:case_export", kwargs={"case_id": case.public_id})
    answer = personas.signed_in_client(investigator_littoral).get(url)
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")


def test_the_service_refuses_the_recipient_with_a_typed_error(
    case: Case, investigator_littoral: User
) -> None:
    _share(case)
    with pytest.raises(NotAllowed):
        lifecycle.case_transition(case=case, status="investigating", actor=investigator_littoral)
    with pytest.raises(NotAllowed):
        work.case_share_add(
            case=case,
            user=investigator_littoral,
            reason="More",
            expires_at=timezone.now() + dt.timedelta(days=100),
            actor=investigator_littoral,
        )


# The case page and the report page, as the recipient


def _case_page(user: User, case: Case) -> str:
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    answer = personas.signed_in_client(user).get(url)
    assert answer.status_code == 200
    return answer.content.decode()


def _action_url(case: Case, action: str) -> str:
    return reverse("cases:case_action", kwargs={"case_id": case.public_id, "action": action})


def test_a_read_only_recipient_sees_no_control_of_the_case(
    case: Case, investigator_littoral: User
) -> None:
    _share(case)
    page = _case_page(investigator_littoral, case)
    for action in ("share", "status", "message", "note", "task", "lead", "priority", "link"):
        assert _action_url(case, action) not in page, action
    assert reverse("cases:case_export", kwargs={"case_id": case.public_id}) not in page
    assert "/revoke/" not in page
    assert "/done/" not in page
    assert "May read the case" in page


def test_the_owner_sees_each_shares_rights_and_every_control(
    case: Case, investigator_centre: User
) -> None:
    _share(case, may_download_evidence=True)
    page = _case_page(investigator_centre, case)
    assert "May read the case; download the evidence." in page
    for action in ("share", "status", "message", "note", "task", "priority", "link"):
        assert _action_url(case, action) in page, action
    assert "/revoke/" in page


def test_a_contributing_recipient_sees_only_the_note_and_task_forms(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True)
    page = _case_page(investigator_littoral, case)
    assert _action_url(case, "note") in page
    assert _action_url(case, "task") in page
    assert _action_url(case, "share") not in page
    assert _action_url(case, "status") not in page


def test_the_owner_shares_with_rights_through_the_page(
    case: Case, investigator_centre: User, gendarme_north: User
) -> None:
    answer = personas.signed_in_client(investigator_centre).post(
        _action_url(case, "share"),
        {
            "share-person": gendarme_north.username,
            "share-reason": "Suspect arrested in Garoua",
            "share-expires_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "share-may_export_case_file": "on",
        },
    )
    assert answer.status_code == 302
    share = CaseShare.objects.get(case=case, user=gendarme_north)
    assert (share.may_contribute, share.may_download_evidence, share.may_export_case_file) == (
        False,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("status", {"status-status": "investigating"}),
        ("priority", {"priority-priority": "4", "priority-tlp": "red"}),
        ("message", {"message-text": "Bonjour"}),
        ("note", {"note-body": "Seen"}),
        ("link", {"link-number": "CAS-2026-000001", "link-reason": "x"}),
    ],
)
def test_a_read_only_recipient_posting_an_action_is_refused_in_their_language(
    case: Case, investigator_littoral: User, action: str, data: dict[str, str]
) -> None:
    _share(case)
    if action == "message":
        data = {**data, "message-report": case.reports.get().reference}
    url = f"/fr/staff/cases/{case.public_id}/{action}/"
    answer = personas.signed_in_client(investigator_littoral).post(url, data)
    assert answer.status_code == 403
    body = answer.content.decode()
    assert (
        "Votre accès à ce dossier ne vous permet pas" in body
        or "Seule l&#x27;unité chargée du dossier" in body
    )
    case.refresh_from_db()
    assert (case.status, case.priority) == (CaseStatus.OPEN, 2)
    assert case.notes.count() == 0
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_SENT).exists()


def test_a_recipient_cannot_revoke_a_share_nor_finish_a_task_through_the_page(
    case: Case, investigator_littoral: User
) -> None:
    own = _share(case)
    client = personas.signed_in_client(investigator_littoral)
    revoke = reverse(
        "cases:case_share_revoke", kwargs={"case_id": case.public_id, "share_id": own.pk}
    )
    done = reverse(
        "cases:case_task_done", kwargs={"case_id": case.public_id, "task_id": case.tasks.get().pk}
    )
    assert client.post(revoke).status_code == 403
    assert client.post(done).status_code == 403
    own.refresh_from_db()
    assert own.revoked_at is None
    assert case.tasks.get().done_at is None


def test_a_recipient_cannot_confirm_identifiers_of_the_cases_reports(
    case: Case, investigator_littoral: User
) -> None:
    _share(case, may_contribute=True, may_download_evidence=True)
    report = case.reports.get()
    Sighting.objects.bulk_create(
        extracted_sightings(report, [FoundIdentifier("phone", "+237699000009", "mtn")])
    )
    sighting = Sighting.objects.get(report=report, source="extracted")
    url = reverse(
        "cases:report_sighting_confirm",
        kwargs={"report_id": report.public_id, "sighting_id": sighting.pk},
    )
    client = personas.signed_in_client(investigator_littoral)
    page = client.get(reverse("cases:report_detail", kwargs={"report_id": report.public_id}))
    assert url not in page.content.decode()
    assert client.post(url).status_code == 403
    sighting.refresh_from_db()
    assert not sighting.is_counted
