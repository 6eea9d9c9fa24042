"""Four eyes on case content: a role that reads cases (or administers), or a move of a person who
reads cases, waits for a second administrator; nobody grants it to themselves, nobody approves
their own request, and nobody acts on an account with more privileges than theirs."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import services
from vigilance.accounts.models import Role, RoleGrant, RoleGrantStatus, Unit, User
from vigilance.accounts.permissions import CASE_READING_ROLES, ROLES_NEEDING_APPROVAL
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.intake import services as intake_services
from vigilance.intake import staff

pytestmark = pytest.mark.django_db

PEOPLE = "/en/staff/admin/people/"
GRANTS = "/en/staff/admin/grants/"


@pytest.fixture
def police_clerk() -> User:
    """A police counter officer of the Centre: files reports, reads no case."""
    unit = Unit.objects.select_related("organisation").get(code="dgsn-cyber-ce")
    user = services.user_create_staff(
        username="police_clerk",
        email="clerk@example.cm",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [Role.INTAKE_OFFICER]
    user.save()
    return user


@pytest.fixture
def littoral_case(triage_officer: User, investigator_littoral: User) -> Case:
    report = intake_services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def _detail(case: Case) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.public_id})


def test_roles_that_read_case_content_are_classified_once() -> None:
    assert {
        Role.INVESTIGATOR,
        Role.CIRT_ANALYST,
        Role.SUPERVISOR,
        Role.TRIAGE_OFFICER,
    } == CASE_READING_ROLES
    # A magistrate reads the identifiers and grounds of requisitions, and two editors publish
    # to the whole country: a second approval too.
    assert (
        CASE_READING_ROLES | {Role.ADMINISTRATOR, Role.MAGISTRATE, Role.EDITOR}
        == ROLES_NEEDING_APPROVAL
    )


def test_administrator_cannot_give_themselves_a_reading_role_on_the_page(
    administrator_user: User, littoral_case: Case
) -> None:
    client = personas.signed_in_client(administrator_user)
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    response = client.post(
        f"{PEOPLE}{administrator_user.pk}/",
        {"unit": littoral.pk, "roles": [Role.ADMINISTRATOR, Role.INVESTIGATOR, Role.SUPERVISOR]},
    )
    assert response.status_code == 400
    administrator_user.refresh_from_db()
    assert administrator_user.roles == [Role.ADMINISTRATOR]
    assert not RoleGrant.objects.exists()
    assert client.get(_detail(littoral_case)).status_code == 404


def test_administrator_cannot_give_themselves_a_reading_role_through_the_service(
    administrator_user: User,
) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    with pytest.raises(InvalidAction):
        services.user_update_assignment(
            actor=administrator_user,
            user=administrator_user,
            unit=unit,
            roles=[Role.ADMINISTRATOR, Role.INVESTIGATOR],
        )
    assert not RoleGrant.objects.exists()


def test_the_database_refuses_a_grant_asked_for_oneself(administrator_user: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(
            user=administrator_user,
            requested_by=administrator_user,
            roles=[Role.INVESTIGATOR],
            unit=Unit.objects.get(code="dgsn-cyber-lt"),
        )


def test_giving_a_reading_role_waits_for_a_second_administrator(
    administrator_user: User, police_clerk: User, littoral_case: Case
) -> None:
    client = personas.signed_in_client(administrator_user)
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    response = client.post(
        f"{PEOPLE}{police_clerk.pk}/", {"unit": littoral.pk, "roles": [Role.INVESTIGATOR]}
    )
    assert response.status_code == 302
    police_clerk.refresh_from_db()
    assert police_clerk.roles == [Role.INTAKE_OFFICER]
    assert police_clerk.unit != littoral
    grant = RoleGrant.objects.get(user=police_clerk)
    assert grant.status == RoleGrantStatus.PENDING
    event = AuditEvent.objects.get(action="account.access_requested")
    assert event.actor_label == "administrator_user"
    assert personas.signed_in_client(police_clerk).get(_detail(littoral_case)).status_code == 404


def test_the_administrator_who_asked_cannot_approve(
    administrator_user: User, police_clerk: User
) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    grant = services.user_update_assignment(
        actor=administrator_user, user=police_clerk, unit=unit, roles=[Role.INVESTIGATOR]
    )
    assert grant is not None
    with pytest.raises(InvalidAction):
        services.role_grant_approve(actor=administrator_user, grant_id=grant.pk)
    client = personas.signed_in_client(administrator_user)
    page = client.get(f"{GRANTS}{grant.pk}/")
    assert page.status_code == 200
    assert "another administrator must decide it" in page.content.decode()
    response = client.post(f"{GRANTS}{grant.pk}/", {"decision": "approve"})
    assert response.status_code == 400
    police_clerk.refresh_from_db()
    assert police_clerk.roles == [Role.INTAKE_OFFICER]
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PENDING


def test_after_a_second_approval_the_person_reads_the_cases_of_their_unit(
    administrator_user: User,
    second_administrator: User,
    police_clerk: User,
    littoral_case: Case,
) -> None:
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    personas.signed_in_client(administrator_user).post(
        f"{PEOPLE}{police_clerk.pk}/", {"unit": littoral.pk, "roles": [Role.INVESTIGATOR]}
    )
    grant = RoleGrant.objects.get(user=police_clerk)
    approver = personas.signed_in_client(second_administrator)
    listing = approver.get(GRANTS).content.decode()
    assert "police_clerk" in listing
    assert f"{GRANTS}{grant.pk}/" in listing
    assert approver.post(f"{GRANTS}{grant.pk}/", {"decision": "approve"}).status_code == 302
    police_clerk.refresh_from_db()
    assert (police_clerk.roles, police_clerk.unit) == ([Role.INVESTIGATOR], littoral)
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (RoleGrantStatus.APPROVED, second_administrator)
    approved = AuditEvent.objects.get(action="account.access_approved")
    assert approved.actor_label == "second_administrator"
    changed = AuditEvent.objects.get(action="account.roles_changed")
    assert changed.actor_label == "second_administrator"
    assert personas.signed_in_client(police_clerk).get(_detail(littoral_case)).status_code == 200


def test_a_refusal_needs_a_reason_and_changes_nothing(
    administrator_user: User, second_administrator: User, police_clerk: User
) -> None:
    grant = services.user_update_assignment(
        actor=administrator_user,
        user=police_clerk,
        unit=Unit.objects.get(code="dgsn-cyber-lt"),
        roles=[Role.SUPERVISOR],
    )
    assert grant is not None
    approver = personas.signed_in_client(second_administrator)
    no_reason = approver.post(f"{GRANTS}{grant.pk}/", {"decision": "refuse", "reason": " "})
    assert no_reason.status_code == 400
    refused = approver.post(
        f"{GRANTS}{grant.pk}/", {"decision": "refuse", "reason": "Not in this unit."}
    )
    assert refused.status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.reason) == (RoleGrantStatus.REFUSED, "Not in this unit.")
    police_clerk.refresh_from_db()
    assert police_clerk.roles == [Role.INTAKE_OFFICER]
    event = AuditEvent.objects.get(action="account.access_refused")
    assert event.actor_label == "second_administrator"
    # Decided: it can no longer be approved.
    assert approver.post(f"{GRANTS}{grant.pk}/", {"decision": "approve"}).status_code == 404


def test_moving_a_person_who_reads_cases_waits_for_approval(
    administrator_user: User, investigator_centre: User
) -> None:
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    grant = services.user_update_assignment(
        actor=administrator_user,
        user=investigator_centre,
        unit=littoral,
        roles=[Role.INVESTIGATOR],
    )
    assert grant is not None
    investigator_centre.refresh_from_db()
    assert investigator_centre.unit is not None
    assert investigator_centre.unit.code == "dgsn-cyber-ce"


def test_removing_a_reading_role_applies_at_once(
    administrator_user: User, supervisor_police: User
) -> None:
    unit = supervisor_police.unit
    assert unit is not None
    grant = services.user_update_assignment(
        actor=administrator_user, user=supervisor_police, unit=unit, roles=[Role.AUDITOR]
    )
    assert grant is None
    supervisor_police.refresh_from_db()
    assert supervisor_police.roles == [Role.AUDITOR]


def test_a_new_account_gets_its_reading_roles_only_after_approval(
    administrator_user: User, second_administrator: User
) -> None:
    unit = Unit.objects.select_related("organisation").get(code="dgsn-cyber-lt")
    member = services.user_create_member(
        actor=administrator_user,
        username="new.one",
        email="new@police.cm",
        organisation=unit.organisation,
        unit=unit,
        roles=[Role.INVESTIGATOR, Role.INTAKE_OFFICER],
    )
    assert member.user.roles == [Role.INTAKE_OFFICER]
    assert member.grant is not None
    services.role_grant_approve(actor=second_administrator, grant_id=member.grant.pk)
    member.user.refresh_from_db()
    assert member.user.roles == [Role.INTAKE_OFFICER, Role.INVESTIGATOR]


def test_the_person_concerned_cannot_approve_their_own_grant(
    administrator_user: User, second_administrator: User, auditor: User
) -> None:
    # An auditor asked to become administrator: once administrator they still cannot decide it.
    grant = services.user_update_assignment(
        actor=administrator_user,
        user=auditor,
        unit=auditor.unit,  # type: ignore[arg-type]
        roles=[Role.ADMINISTRATOR],
    )
    assert grant is not None
    auditor.roles = [Role.ADMINISTRATOR]
    auditor.save()
    with pytest.raises(InvalidAction):
        services.role_grant_approve(actor=auditor, grant_id=grant.pk)


def test_an_approval_applies_only_to_the_account_the_approver_was_shown(
    administrator_user: User, second_administrator: User, intake_officer: User
) -> None:
    grant = services.user_update_assignment(
        actor=administrator_user,
        user=intake_officer,
        unit=intake_officer.unit,  # type: ignore[arg-type]
        roles=[Role.TRIAGE_OFFICER],
    )
    assert grant is not None
    services.user_update_assignment(
        actor=administrator_user,
        user=intake_officer,
        unit=Unit.objects.get(code="coord-supervision"),
        roles=[Role.INTAKE_OFFICER],
    )
    with pytest.raises(InvalidAction):
        services.role_grant_approve(actor=second_administrator, grant_id=grant.pk)
    intake_officer.refresh_from_db()
    assert intake_officer.roles == [Role.INTAKE_OFFICER]


def test_nobody_acts_on_another_administrators_account(
    administrator_user: User, second_administrator: User
) -> None:
    client = personas.signed_in_client(administrator_user)
    response = client.post(
        f"{PEOPLE}{second_administrator.pk}/",
        {"unit": second_administrator.unit_id, "roles": [Role.ADMINISTRATOR, Role.SUPERVISOR]},
    )
    assert response.status_code == 400
    for reset in ("reset-password", "reset-authenticator"):
        client.post(f"{PEOPLE}{second_administrator.pk}/{reset}/")
    second_administrator.refresh_from_db()
    assert second_administrator.check_password(personas.PASSWORD)
    assert not second_administrator.must_enrol_authenticator


def test_an_administrator_can_close_another_administrators_account(
    administrator_user: User, second_administrator: User
) -> None:
    services.user_deactivate(actor=administrator_user, user=second_administrator)
    second_administrator.refresh_from_db()
    assert not second_administrator.is_active


def test_people_who_do_not_manage_accounts_get_404_on_grants(
    administrator_user: User, supervisor_police: User, intake_officer: User
) -> None:
    grant = services.user_update_assignment(
        actor=administrator_user,
        user=intake_officer,
        unit=intake_officer.unit,  # type: ignore[arg-type]
        roles=[Role.TRIAGE_OFFICER],
    )
    assert grant is not None
    client = personas.signed_in_client(supervisor_police)
    assert client.get(GRANTS).status_code == 404
    assert client.post(f"{GRANTS}{grant.pk}/", {"decision": "approve"}).status_code == 404
    with pytest.raises(NotFound):
        services.role_grant_approve(actor=supervisor_police, grant_id=grant.pk)


def test_one_change_waits_at_a_time_for_a_person(
    administrator_user: User, intake_officer: User
) -> None:
    unit = intake_officer.unit
    assert unit is not None
    services.user_update_assignment(
        actor=administrator_user, user=intake_officer, unit=unit, roles=[Role.TRIAGE_OFFICER]
    )
    with pytest.raises(InvalidAction):
        services.user_update_assignment(
            actor=administrator_user, user=intake_officer, unit=unit, roles=[Role.SUPERVISOR]
        )
