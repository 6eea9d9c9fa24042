"""The triage queue, the staff report page and its actions, and evidence download, as pages."""

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import services as account_services
from vigilance.accounts.models import Role, Unit, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.services import lifecycle, triage
from vigilance.evidence import crypto
from vigilance.evidence.models import CustodyEvent, Evidence
from vigilance.evidence.services import IncomingFile, evidence_receive
from vigilance.intake import services
from vigilance.intake.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

CONTENT = b"Transfert de 75 000 F vers le 650 11 22 33, ref MP240511."


@pytest.fixture(autouse=True)
def evidence_key(settings: Settings) -> Iterator[None]:
    settings.EVIDENCE_KEYS = [Fernet.generate_key().decode()]
    crypto._keys.cache_clear()
    yield
    crypto._keys.cache_clear()


def _submit(**changes: object) -> Report:
    return services.report_submit(draft=report_draft(**changes), channel="web").report


def _route(report: Report, code: str, actor: User) -> Report:
    return triage.triage_route(report=report, unit=Unit.objects.get(code=code), actor=actor)


def _page(report: Report) -> str:
    return reverse("cases:report_detail", kwargs={"report_id": report.public_id})


def _action(report: Report, action: str) -> str:
    return reverse("cases:report_action", kwargs={"report_id": report.public_id, "action": action})


def _with_file(report: Report) -> Evidence:
    evidence = evidence_receive(
        incoming=IncomingFile(name="recu paiement.txt", content=CONTENT), actor_label="reporter"
    )
    report.evidence.add(evidence, through_defaults={"sha256": evidence.sha256})
    return evidence


def _download(report: Report, evidence: Evidence) -> str:
    return reverse(
        "cases:report_evidence",
        kwargs={"report_id": report.public_id, "evidence_id": evidence.public_id},
    )


def _minors_investigator() -> User:
    unit = Unit.objects.select_related("organisation").get(code="dgsn-minors")
    user = account_services.user_create_staff(
        username="minors_investigator",
        email="minors@example.cm",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [Role.INVESTIGATOR]
    user.save()
    return user


def test_the_queue_lists_reports_with_the_rule_that_matched_and_filters(
    triage_officer: User,
) -> None:
    littoral = _submit(region="LT")
    centre = _submit(region="CE")
    client = personas.signed_in_client(triage_officer)

    page = client.get(reverse("cases:triage_queue")).content.decode()
    filtered = client.get(reverse("cases:triage_queue"), {"region": "CE"}).content.decode()

    assert littoral.reference in page
    assert centre.reference in page
    assert littoral.routing_rule is not None
    assert littoral.routing_rule.name in page
    assert centre.reference in filtered
    assert littoral.reference not in filtered


def test_the_queue_offers_a_next_page_when_there_are_more_than_fifty(
    triage_officer: User,
) -> None:
    for _ in range(51):
        _submit()
    client = personas.signed_in_client(triage_officer)

    first = client.get(reverse("cases:triage_queue"))
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("cases:triage_queue"), {"after": cursor})

    assert len(first.context["page"].rows) == 50
    assert 'rel="next"' in first.content.decode()
    assert len(second.context["page"].rows) == 1


def test_a_broken_page_address_answers_400_not_500(triage_officer: User) -> None:
    client = personas.signed_in_client(triage_officer)
    assert client.get(reverse("cases:triage_queue"), {"after": "%%%"}).status_code == 400


@pytest.mark.parametrize("name", ["investigator_centre", "mtn_responder", "auditor"])
def test_the_queue_is_not_found_outside_the_coordination_centre(name: str) -> None:
    client = personas.signed_in_client(personas.persona(name))
    assert client.get(reverse("cases:triage_queue")).status_code == 404


def test_the_report_page_shows_the_report_safely_and_audits_the_reading(
    triage_officer: User,
) -> None:
    report = _submit(
        description="<script>alert(1)</script> He sent me to http://evil-shop.example.com/pay",
        identifiers=[
            services.IdentifierInput(type="url", value="http://evil-shop.example.com/pay"),
        ],
    )
    _with_file(report)
    client = personas.signed_in_client(triage_officer)

    response = client.get(_page(report))
    page = response.content.decode()

    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "hxxp://evil-shop[.]example[.]com/pay" in page
    assert 'href="http://evil-shop' not in page
    assert "John Ebai" in page
    assert "john@example.cm" in page
    assert report.routing_rule is not None
    assert report.routing_rule.name in page
    assert "recu paiement.txt" in page
    assert AuditEvent.objects.filter(
        action="report.viewed", object_id=report.reference, actor_id=triage_officer.pk
    ).exists()


def test_the_report_page_follows_need_to_know(
    triage_officer: User, investigator_centre: User, investigator_littoral: User
) -> None:
    report = _submit(region="LT")
    littoral = personas.signed_in_client(investigator_littoral)
    assert littoral.get(_page(report)).status_code == 404

    _route(report, "dgsn-cyber-lt", triage_officer)

    assert littoral.get(_page(report)).status_code == 200
    assert personas.signed_in_client(investigator_centre).get(_page(report)).status_code == 404
    responder = personas.signed_in_client(personas.persona("mtn_responder"))
    assert responder.get(_page(report)).status_code == 404


def test_routing_from_the_page_redirects_with_a_confirmation(triage_officer: User) -> None:
    report = _submit(region="LT")
    client = personas.signed_in_client(triage_officer)

    response = client.post(_action(report, "route"), {"route-unit": "dgsn-cyber-lt"}, follow=True)

    assert response.redirect_chain[0] == (_page(report), 302)
    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED
    assert "notice" in response.content.decode()
    assert AuditEvent.objects.filter(action="report.routed", object_id=report.reference).exists()


def test_a_triage_action_without_a_reason_shows_the_form_again(triage_officer: User) -> None:
    report = _submit()
    client = personas.signed_in_client(triage_officer)

    response = client.post(_action(report, "reject"), {"reject-reason": ""})

    assert response.status_code == 400
    assert "Give a reason." in response.content.decode()


def test_a_refused_action_shows_its_reason_with_409(triage_officer: User) -> None:
    report = _submit()
    client = personas.signed_in_client(triage_officer)

    response = client.post(
        _action(report, "duplicate"),
        {"duplicate-original": "VIG-1999-000001", "duplicate-reason": "Same facts"},
    )

    assert response.status_code == 409
    assert "No report you can see has this reference." in response.content.decode()


def test_routing_a_report_already_in_a_case_is_refused_on_the_page(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)
    lifecycle.case_open(report=report, actor=investigator_littoral)

    response = personas.signed_in_client(triage_officer).post(
        _action(report, "route"), {"route-unit": "dgsn-cyber-ce"}
    )

    assert response.status_code == 409
    assert "already in a case" in response.content.decode()


def test_an_investigator_cannot_triage_from_the_page(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)
    client = personas.signed_in_client(investigator_littoral)

    page = client.get(_page(report)).content.decode()
    response = client.post(_action(report, "reject"), {"reject-reason": "spam"})

    assert _action(report, "reject") not in page
    assert _action(report, "open_case") in page
    assert response.status_code == 404


def test_an_investigator_opens_a_case_from_the_report_page(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)
    client = personas.signed_in_client(investigator_littoral)

    response = client.post(_action(report, "open_case"), {"open_case-tlp": "amber"})

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_CASE
    assert response.status_code == 302
    assert "/staff/cases/" in response["Location"]


def test_staff_download_evidence_as_an_audited_attachment(triage_officer: User) -> None:
    report = _submit()
    evidence = _with_file(report)
    client = personas.signed_in_client(triage_officer)

    response = client.get(_download(report, evidence))

    assert response.status_code == 200
    assert response.content == CONTENT
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        action="evidence.downloaded", object_id=str(evidence.public_id)
    ).exists()
    assert CustodyEvent.objects.filter(
        evidence=evidence, action=CustodyEvent.Action.DOWNLOADED, actor=triage_officer
    ).exists()


def test_child_abuse_evidence_is_only_for_the_specialised_unit(triage_officer: User) -> None:
    report = _route(_submit(category="child_sexual_abuse"), "dgsn-minors", triage_officer)
    evidence = _with_file(report)
    specialist = _minors_investigator()
    supervisor = personas.persona("supervisor_police")

    assert personas.signed_in_client(triage_officer).get(_page(report)).status_code == 200
    assert (
        personas.signed_in_client(triage_officer).get(_download(report, evidence)).status_code
        == 404
    )
    assert personas.signed_in_client(supervisor).get(_download(report, evidence)).status_code == 404
    assert personas.signed_in_client(specialist).get(_download(report, evidence)).status_code == 200
    assert not CustodyEvent.objects.filter(evidence=evidence, actor=triage_officer).exists()


def test_evidence_of_a_report_outside_need_to_know_is_not_found(
    triage_officer: User, investigator_centre: User
) -> None:
    report = _route(_submit(region="LT"), "dgsn-cyber-lt", triage_officer)
    evidence = _with_file(report)

    response = personas.signed_in_client(investigator_centre).get(_download(report, evidence))

    assert response.status_code == 404
