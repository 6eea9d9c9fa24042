"""Takedown and blocking requests: drafted from a case or a cluster, four eyes, answered by the
addressee only, audited at each step; a child-abuse link goes to the child protection squad and
is masked for everyone else."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from tests import personas
from tests.requisitions.outward import (
    CSAM_LINK,
    LINK,
    child_abuse_case,
    child_protection_supervisor,
    host,
    host_responder,
    takedown,
)
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.audit.describe import event_sentence
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.core.errors import InvalidAction, NotAllowed, NotFound
from vigilance.intake import services as intake
from vigilance.intake import staff
from vigilance.requisitions.models_takedown import TakedownRequest
from vigilance.requisitions.services import takedowns
from vigilance.requisitions.takedown_targets import masked, normalise_target

pytestmark = pytest.mark.django_db


def test_a_takedown_from_a_case_cites_its_reports_and_is_audited(
    case: Case, investigator_littoral: User
) -> None:
    request = takedown(case, investigator_littoral)

    assert re.fullmatch(rf"RET-{timezone.now().year}-\d{{6}}", request.reference)
    assert request.status == "awaiting_approval"
    assert request.target == normalise_target("url", LINK)
    assert list(request.cited_reports.all()) == list(case.reports.all())
    event = AuditEvent.objects.get(action="takedown.drafted", object_id=request.reference)
    assert event.actor_id == investigator_littoral.pk
    assert event.details["addressee"] == "hostco"


def test_the_drafter_never_approves_and_a_supervisor_sends_it(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    own = takedown(case, supervisor_police)
    with pytest.raises(NotAllowed):
        takedowns.takedown_approve(actor=supervisor_police, takedown=own)
    with pytest.raises(NotAllowed):
        takedowns.takedown_approve(actor=investigator_littoral, takedown=own)

    request = takedown(case, investigator_littoral)
    sent = takedowns.takedown_approve(actor=supervisor_police, takedown=request)

    assert sent.status == "sent"
    assert sent.deadline == sent.sent_at + dt.timedelta(hours=48)
    assert AuditEvent.objects.filter(
        action="takedown.approved", actor_id=supervisor_police.pk
    ).exists()


def test_only_the_addressees_responders_answer_and_a_closed_request_stays_closed(
    case: Case, investigator_littoral: User, supervisor_police: User, mtn_responder: User
) -> None:
    request = takedowns.takedown_approve(
        actor=supervisor_police, takedown=takedown(case, investigator_littoral)
    )
    with pytest.raises(NotFound):
        takedowns.takedown_acknowledge(actor=mtn_responder, takedown=request)

    responder = host_responder()
    takedowns.takedown_acknowledge(actor=responder, takedown=request)
    done_at = timezone.now()
    request = takedowns.takedown_done(actor=responder, takedown=request, done_at=done_at)

    assert (request.status, request.done_at) == ("done", done_at)
    assert AuditEvent.objects.filter(
        action="takedown.done_take_down", actor_id=responder.pk
    ).exists()
    with pytest.raises(InvalidAction, match="already closed"):
        takedowns.takedown_refuse(actor=responder, takedown=request, reason="too late")


def test_a_time_done_in_the_future_is_refused_with_a_reason(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    request = takedowns.takedown_approve(
        actor=supervisor_police, takedown=takedown(case, investigator_littoral)
    )
    with pytest.raises(InvalidAction) as refused:
        takedowns.takedown_done(
            actor=host_responder(),
            takedown=request,
            done_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert "done_at" in refused.value.fields
    request.refresh_from_db()
    assert request.status == "sent"


@pytest.mark.parametrize(
    ("target_type", "target", "addressee", "field"),
    [
        ("phone", "677 12 34 56", "hostco", "addressee"),
        ("url", LINK, "art", "addressee"),
        ("url", "not a link", "hostco", "target"),
        ("short_code", "12", "art", "target"),
    ],
)
def test_a_target_the_addressee_cannot_act_on_or_a_bad_value_is_refused(
    case: Case,
    investigator_littoral: User,
    target_type: str,
    target: str,
    addressee: str,
    field: str,
) -> None:
    host()
    with pytest.raises(InvalidAction) as refused:
        takedowns.takedown_draft(
            actor=investigator_littoral,
            case=case,
            addressee=Organisation.objects.get(code=addressee),
            action="block",
            target_type=target_type,
            target=target,
            justification="Scam.",
        )
    assert field in refused.value.fields
    assert not TakedownRequest.objects.exists()


def test_a_short_code_goes_to_the_regulator(case: Case, investigator_littoral: User) -> None:
    request = takedowns.takedown_draft(
        actor=investigator_littoral,
        case=case,
        addressee=Organisation.objects.get(code="art"),
        action="block",
        target_type="short_code",
        target="#8012",
        justification="A short code used by the scam to collect codes.",
    )
    assert request.target == "8012"


def test_another_units_investigator_cannot_draft_on_the_case(
    case: Case, investigator_centre: User
) -> None:
    with pytest.raises(NotAllowed):
        takedown(case, investigator_centre)


def test_masking_keeps_the_scheme_and_host_only() -> None:
    assert masked("url", CSAM_LINK) == "https://files.example.net/…"
    assert masked("domain", "example.net") == "example.net"


def test_a_child_abuse_link_goes_to_the_squad_and_is_masked_for_everyone_else(
    triage_officer: User,
    investigator_littoral: User,
    supervisor_police: User,
    orange_responder: User,
) -> None:
    case = child_abuse_case(triage_officer, investigator_littoral)
    request = takedown(case, investigator_littoral, target=CSAM_LINK)
    assert request.is_child_abuse
    path = "gallery/abc123"

    # The trail keeps the masked link, in its details and its sentence.
    drafted = AuditEvent.objects.get(action="takedown.drafted", object_id=request.reference)
    assert path not in str(drafted.details)
    assert path not in event_sentence(drafted)

    # The police supervisor above the unit in charge does not approve it: the squad does.
    with pytest.raises(NotAllowed, match="child protection"):
        takedowns.takedown_approve(actor=supervisor_police, takedown=request)
    squad = child_protection_supervisor()
    takedowns.takedown_approve(actor=squad, takedown=request)

    pages = {
        investigator_littoral: False,
        supervisor_police: False,
        squad: True,
        host_responder(): True,
    }
    for user, in_full in pages.items():
        page = personas.signed_in_client(user).get(f"/en/staff/takedowns/{request.public_id}/")
        assert page.status_code == 200, user.username
        text = page.content.decode()
        assert (path in text) is in_full, user.username
        assert "files[.]example[.]net" in text
    case_page = personas.signed_in_client(investigator_littoral).get(
        f"/en/staff/cases/{case.public_id}/takedowns/"
    )
    assert path not in case_page.content.decode()
    desk = personas.signed_in_client(host_responder()).get("/en/staff/desk/").content.decode()
    assert path in desk
    # Another organisation's responder does not even learn it exists.
    other = personas.signed_in_client(orange_responder)
    assert other.get(f"/en/staff/takedowns/{request.public_id}/").status_code == 404


def test_a_takedown_straight_from_a_cluster_cites_the_clusters_reports(
    triage_officer: User, investigator_littoral: User, investigator_centre: User
) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    reports = []
    for name in ("Awa Bello", "Jean Mbarga"):
        report = intake.report_submit(draft=_draft(name), channel="web").report
        staff.report_route(report=report, unit=unit, actor=triage_officer)
        reports.append(report)
    first = reports[0]
    client = personas.signed_in_client(investigator_littoral)

    cluster = client.get(f"/en/staff/reports/{first.public_id}/cluster/").content.decode()
    assert f"/en/staff/reports/{first.public_id}/takedowns/new/" in cluster
    form = client.get(f"/en/staff/reports/{first.public_id}/takedowns/new/")
    assert form.status_code == 200
    value = normalise_target("url", LINK)
    response = client.post(
        f"/en/staff/reports/{first.public_id}/takedowns/new/",
        {
            "takedown-target": f"url\x1f{value}",
            "takedown-action": "take_down",
            "takedown-addressee": host().pk,
            "takedown-justification": "Two reports name the same phishing page.",
        },
    )

    assert response.status_code == 302
    request = TakedownRequest.objects.get()
    assert request.case is None
    assert set(request.cited_reports.all()) == set(reports)
    outsider = personas.signed_in_client(investigator_centre)
    assert outsider.get(f"/en/staff/reports/{first.public_id}/takedowns/new/").status_code == 404
    assert outsider.get(f"/en/staff/takedowns/{request.public_id}/").status_code == 404
    assert (
        "/takedowns/new/"
        not in outsider.get(f"/en/staff/reports/{first.public_id}/cluster/").content.decode()
    )


def _draft(name: str) -> intake.ReportDraft:
    from tests.factories import report_draft

    return report_draft(
        reporter=intake.ReporterInput(name=name, email=f"{name.split()[0].lower()}@example.cm"),
        identifiers=[intake.IdentifierInput(type="url", value=LINK)],
    )


def test_a_bad_form_answers_400_in_french_and_keeps_nothing(
    case: Case, investigator_littoral: User
) -> None:
    host()
    client = personas.signed_in_client(investigator_littoral)
    with translation.override("fr"):
        response = client.post(
            f"/fr/staff/cases/{case.public_id}/takedowns/",
            {
                "takedown-target_type": "url",
                "takedown-target": "pas un lien",
                "takedown-action": "take_down",
                "takedown-addressee": host().pk,
                "takedown-justification": "Hameçonnage.",
            },
        )
    assert response.status_code == 400
    assert "lien" in response.content.decode().lower()
    assert not TakedownRequest.objects.exists()


def test_the_responder_answers_on_the_desk_and_an_answer_to_a_closed_one_is_409(
    case: Case, investigator_littoral: User, supervisor_police: User
) -> None:
    request = takedowns.takedown_approve(
        actor=supervisor_police, takedown=takedown(case, investigator_littoral)
    )
    client = personas.signed_in_client(host_responder())
    desk = client.get("/en/staff/desk/").content.decode()
    title, body = desk.split("</title>", 1)
    assert request.reference in body
    assert request.reference not in title
    page = client.get(f"/en/staff/takedowns/{request.public_id}/").content.decode()
    assert case.number not in page

    empty = client.post(f"/en/staff/takedowns/{request.public_id}/refuse/", {"refuse-reason": ""})
    assert empty.status_code == 400
    done = client.post(f"/en/staff/takedowns/{request.public_id}/done/", {"done-done_at": ""})
    assert done.status_code == 302
    again = client.post(
        f"/en/staff/takedowns/{request.public_id}/refuse/", {"refuse-reason": "No."}
    )
    assert again.status_code == 409
    assert "already closed" in again.content.decode()
    request.refresh_from_db()
    assert request.status == "done"
