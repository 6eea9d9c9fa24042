"""Need-to-know, at the gate every page and endpoint goes through (``cases.access``)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import report_draft
from vigilance.accounts.models import Organisation, Unit, User
from vigilance.cases import access
from vigilance.cases.models import Case, CaseShare
from vigilance.cases.services import lifecycle
from vigilance.core.errors import NotFound
from vigilance.intake import services, staff
from vigilance.intake.models import Report

pytestmark = pytest.mark.django_db


def _littoral_report() -> Report:
    return services.report_submit(draft=report_draft(region="LT"), channel="web").report


@pytest.fixture
def routed_report(triage_officer: User) -> Report:
    report = _littoral_report()
    return staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )


@pytest.fixture
def littoral_case(routed_report: Report, investigator_littoral: User) -> Case:
    return lifecycle.case_open(report=routed_report, actor=investigator_littoral)


def _sees_case(user: User, case: Case) -> bool:
    return access.cases_visible_to(user).filter(pk=case.pk).exists()


def _sees_report(user: User, report: Report) -> bool:
    return access.reports_visible_to(user).filter(pk=report.pk).exists()


def test_a_new_report_is_seen_by_the_coordination_centre_only(
    triage_officer: User, investigator_littoral: User
) -> None:
    report = _littoral_report()
    assert _sees_report(triage_officer, report)
    assert not _sees_report(investigator_littoral, report)


def test_a_routed_report_is_seen_by_its_unit_and_the_supervisor_above(
    routed_report: Report,
    investigator_littoral: User,
    investigator_centre: User,
    supervisor_police: User,
    gendarme_north: User,
) -> None:
    assert _sees_report(investigator_littoral, routed_report)
    assert _sees_report(supervisor_police, routed_report)
    assert not _sees_report(investigator_centre, routed_report)
    assert not _sees_report(gendarme_north, routed_report)


@pytest.mark.parametrize(
    "outsider", ["investigator_centre", "gendarme_north", "mtn_responder", "auditor",
                 "administrator_user", "intake_officer", "cirt_analyst"]
)  # fmt: skip
def test_outsiders_get_not_found_on_a_case_and_its_report(
    request: pytest.FixtureRequest, littoral_case: Case, routed_report: Report, outsider: str
) -> None:
    user = request.getfixturevalue(outsider)
    assert not _sees_case(user, littoral_case)
    assert not _sees_report(user, routed_report)
    with pytest.raises(NotFound):
        access.case_get_for_user(user=user, case_id=str(littoral_case.public_id))
    with pytest.raises(NotFound):
        access.report_get_for_user(user=user, report_id=str(routed_report.public_id))


def test_owning_unit_supervisor_and_coordination_see_the_case(
    littoral_case: Case,
    investigator_littoral: User,
    supervisor_police: User,
    triage_officer: User,
) -> None:
    for user in (investigator_littoral, supervisor_police, triage_officer):
        assert (
            access.case_get_for_user(user=user, case_id=str(littoral_case.public_id))
            == littoral_case
        )


def test_a_share_to_a_unit_gives_access_until_it_expires_or_is_revoked(
    littoral_case: Case,
    routed_report: Report,
    investigator_centre: User,
    investigator_littoral: User,
) -> None:
    share = CaseShare.objects.create(
        case=littoral_case,
        unit=investigator_centre.unit,
        reason="Same offender in Yaoundé",
        expires_at=timezone.now() + dt.timedelta(days=7),
        created_by=investigator_littoral,
    )
    assert _sees_case(investigator_centre, littoral_case)
    assert _sees_report(investigator_centre, routed_report)

    share.expires_at = timezone.now() - dt.timedelta(seconds=1)
    share.save()
    assert not _sees_case(investigator_centre, littoral_case)

    share.expires_at = timezone.now() + dt.timedelta(days=7)
    share.revoked_at = timezone.now()
    share.save()
    assert not _sees_case(investigator_centre, littoral_case)


def test_a_share_to_an_organisation_reaches_its_case_workers_but_not_its_partners(
    littoral_case: Case, gendarme_north: User, investigator_littoral: User, mtn_responder: User
) -> None:
    for organisation in ("sed", "mtn"):
        CaseShare.objects.create(
            case=littoral_case,
            organisation=Organisation.objects.get(code=organisation),
            reason="Joint investigation",
            expires_at=timezone.now() + dt.timedelta(days=1),
            created_by=investigator_littoral,
        )
    assert _sees_case(gendarme_north, littoral_case)
    # A partner responder's role does not include cases, whatever is shared with its company.
    assert not _sees_case(mtn_responder, littoral_case)


def test_an_informed_unit_reads_the_report(cirt_analyst: User) -> None:
    report = services.report_submit(
        draft=report_draft(category="ransomware", region="CE", loss=None, identifiers=[]),
        channel="web",
    ).report
    police = Unit.objects.get(code="dgsn-cyber")
    assert police in report.informed_units.all()
    assert report.unit.code == "antic-cirt"
    staff.report_route(report=report, unit=report.unit, actor=cirt_analyst)
    assert _sees_report(cirt_analyst, report)


@pytest.mark.parametrize(
    "case_id", ["", "not-a-uuid", "4b1e7a57-2c1f-4d0e-9a63-5f1c0f6e2d11", "1 OR 1=1"]
)
def test_unknown_or_malformed_ids_are_not_found(triage_officer: User, case_id: str) -> None:
    with pytest.raises(NotFound):
        access.case_get_for_user(user=triage_officer, case_id=case_id)
    with pytest.raises(NotFound):
        access.report_get_for_user(user=triage_officer, report_id=case_id)


def test_an_inactive_account_sees_nothing(littoral_case: Case, investigator_littoral: User) -> None:
    investigator_littoral.is_active = False
    investigator_littoral.save()
    assert not _sees_case(investigator_littoral, littoral_case)
