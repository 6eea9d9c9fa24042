"""Administration in the workspace: organisations and units, people and roles, for people allowed
to manage accounts only (404 for anyone else), with the rules against privilege escalation."""

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts import services
from vigilance.accounts.models import Role, RoleGrant, RoleGrantStatus, Unit, User
from vigilance.accounts.permissions import ROLE_PERMISSIONS, Permission
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotFound

pytestmark = pytest.mark.django_db

ADMIN = "/en/staff/admin/"
PEOPLE = "/en/staff/admin/people/"


@pytest.fixture
def admin_client(administrator_user: User) -> Client:
    return personas.signed_in_client(administrator_user)


@pytest.mark.parametrize(
    "address",
    [ADMIN, PEOPLE, f"{PEOPLE}new/", f"{ADMIN}units/new/", f"{ADMIN}units/dgsn-cyber-lt/"],
)
def test_pages_are_404_without_manage_accounts(supervisor_police: User, address: str) -> None:
    assert personas.signed_in_client(supervisor_police).get(address).status_code == 404


def test_organisations_are_listed_with_their_units_and_regions(admin_client: Client) -> None:
    html = admin_client.get(ADMIN).content.decode()
    littoral = Unit.objects.get(code="dgsn-cyber-lt")
    assert littoral.name_en in html
    assert littoral.regions.get().name_en in html
    partner = Unit.objects.get(code="mtn-lawful").organisation
    assert partner.name_en in html


def test_create_a_unit_inside_another(admin_client: Client) -> None:
    parent = Unit.objects.get(code="dgsn-cyber")
    response = admin_client.post(
        f"{ADMIN}units/new/",
        {
            "organisation": parent.organisation_id,
            "code": "dgsn-cyber-ad",
            "name_fr": "Section cyber de l'Adamaoua",
            "name_en": "Adamawa cyber section",
            "parent": parent.pk,
            "regions": ["AD"],
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="dgsn-cyber-ad")
    assert unit.path == f"{parent.path}/dgsn-cyber-ad"
    assert list(unit.regions.values_list("code", flat=True)) == ["AD"]
    event = AuditEvent.objects.get(action="unit.created")
    assert event.object_id == "dgsn-cyber-ad"


def test_parent_of_another_organisation_is_refused(admin_client: Client) -> None:
    police = Unit.objects.get(code="dgsn-cyber")
    response = admin_client.post(
        f"{ADMIN}units/new/",
        {
            "organisation": Unit.objects.get(code="sed-cyber").organisation_id,
            "code": "sed-cyber-xx",
            "name_fr": "X",
            "name_en": "X",
            "parent": police.pk,
        },
    )
    assert response.status_code == 400
    assert "The parent unit must belong to the same organisation." in response.content.decode()
    assert not Unit.objects.filter(code="sed-cyber-xx").exists()


def test_moving_a_unit_rewrites_the_paths_inside_it(
    administrator_user: User, second_administrator: User
) -> None:
    top = Unit.objects.get(code="dgsn-cyber")
    inside = Unit.objects.get(code="dgsn-cyber-lt")
    new_parent = services.unit_create(
        actor=administrator_user,
        organisation=top.organisation,
        code="dgsn-new-top",
        name_fr="Nouvelle direction",
        name_en="New directorate",
    )
    move = services.unit_update(
        actor=administrator_user,
        unit=top,
        name_fr=top.name_fr,
        name_en="Renamed",
        parent=new_parent,
        regions=[],
    )
    assert move is not None
    services.unit_move_approve(actor=second_administrator, move_id=move.pk)
    inside.refresh_from_db()
    assert inside.path == f"{new_parent.path}/dgsn-cyber/dgsn-cyber-lt"
    with pytest.raises(InvalidAction):
        services.unit_update(
            actor=administrator_user,
            unit=new_parent,
            name_fr="x",
            name_en="x",
            parent=inside,
            regions=[],
        )


def test_create_an_account_with_a_generated_password_shown_once(admin_client: Client) -> None:
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    response = admin_client.post(
        f"{PEOPLE}new/",
        {
            "username": "new.investigator",
            "email": "New@Police.cm",
            "organisation": unit.organisation_id,
            "unit": unit.pk,
            "roles": [Role.INVESTIGATOR],
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="new.investigator")
    password = response.context["member"].password
    assert password in response.content.decode()
    assert user.check_password(password)
    assert user.must_enrol_authenticator
    assert user.must_change_password
    # Investigating reads case content: the role waits for a second administrator.
    assert (user.unit, user.roles) == (unit, [])
    grant = RoleGrant.objects.get(user=user, status=RoleGrantStatus.PENDING)
    assert grant.roles == [Role.INVESTIGATOR]
    event = AuditEvent.objects.get(action="account.created")
    assert event.details["roles"] == []
    assert password not in str(event.details)


def test_unit_must_belong_to_the_organisation(admin_client: Client) -> None:
    response = admin_client.post(
        f"{PEOPLE}new/",
        {
            "username": "misplaced",
            "email": "m@police.cm",
            "organisation": Unit.objects.get(code="sed-cyber").organisation_id,
            "unit": Unit.objects.get(code="dgsn-cyber-lt").pk,
            "roles": [Role.INVESTIGATOR],
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="misplaced").exists()


def test_people_can_be_filtered_by_organisation(
    admin_client: Client, investigator_centre: User, mtn_responder: User
) -> None:
    code = mtn_responder.organisation.code  # type: ignore[union-attr]
    html = admin_client.get(PEOPLE, {"organisation": code}).content.decode()
    assert "mtn_responder" in html
    assert "investigator_centre" not in html


def test_change_roles_and_unit_that_open_no_case_content_is_audited(
    admin_client: Client, intake_officer: User
) -> None:
    unit = Unit.objects.get(code="coord-supervision")
    response = admin_client.post(
        f"{PEOPLE}{intake_officer.pk}/",
        {"unit": unit.pk, "roles": [Role.AUDITOR, Role.INTAKE_OFFICER]},
    )
    assert response.status_code == 302
    intake_officer.refresh_from_db()
    assert intake_officer.roles == [Role.AUDITOR, Role.INTAKE_OFFICER]
    assert intake_officer.unit == unit
    event = AuditEvent.objects.get(action="account.roles_changed")
    assert event.details["before"] == [Role.INTAKE_OFFICER]
    assert event.actor_label == "administrator_user"
    assert AuditEvent.objects.filter(action="account.unit_changed").exists()


def test_administrator_cannot_change_their_own_roles(
    admin_client: Client, administrator_user: User
) -> None:
    response = admin_client.post(
        f"{PEOPLE}{administrator_user.pk}/",
        {"unit": administrator_user.unit_id, "roles": [Role.ADMINISTRATOR, Role.AUDITOR]},
    )
    assert response.status_code == 400
    administrator_user.refresh_from_db()
    assert administrator_user.roles == [Role.ADMINISTRATOR]


def test_nobody_acts_on_a_superuser_account(admin_client: Client, administrator_user: User) -> None:
    root = services.user_create_staff(
        username="root", email="r@vigilance.cm", password=personas.PASSWORD, is_superuser=True
    ).user
    root.unit, root.organisation = administrator_user.unit, administrator_user.organisation
    root.save()
    response = admin_client.post(
        f"{PEOPLE}{root.pk}/", {"unit": root.unit_id, "roles": [Role.AUDITOR]}
    )
    assert response.status_code == 400
    with pytest.raises(InvalidAction):
        services.user_deactivate(actor=administrator_user, user=root)
    root.refresh_from_db()
    assert root.is_active
    assert root.roles == []


def test_manager_without_administrator_role_cannot_grant_a_role_they_lack(
    supervisor_police: User, investigator_centre: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A future role that manages accounts without being administrator: the rule still holds.
    supervisor_police.roles = [Role.SUPERVISOR, Role.INVESTIGATOR]
    supervisor_police.save()
    monkeypatch.setitem(
        ROLE_PERMISSIONS,
        Role.SUPERVISOR,
        ROLE_PERMISSIONS[Role.SUPERVISOR] | {Permission.MANAGE_ACCOUNTS},
    )
    unit = investigator_centre.unit
    assert unit is not None
    with pytest.raises(InvalidAction):
        services.user_update_assignment(
            actor=supervisor_police, user=investigator_centre, unit=unit, roles=[Role.ADMINISTRATOR]
        )
    grant = services.user_update_assignment(
        actor=supervisor_police, user=investigator_centre, unit=unit, roles=[Role.SUPERVISOR]
    )
    assert grant is not None
    assert grant.roles == [Role.SUPERVISOR]


def test_services_refuse_people_without_manage_accounts(
    supervisor_police: User, investigator_centre: User
) -> None:
    unit = investigator_centre.unit
    assert unit is not None
    with pytest.raises(NotFound):
        services.user_update_assignment(
            actor=supervisor_police, user=investigator_centre, unit=unit, roles=[Role.SUPERVISOR]
        )
    with pytest.raises(NotFound):
        services.user_deactivate(actor=supervisor_police, user=investigator_centre)


def test_deactivated_person_is_signed_out_and_cannot_sign_in(
    admin_client: Client, investigator_centre: User
) -> None:
    their_session = personas.signed_in_client(investigator_centre)
    assert their_session.get("/en/staff/account/").status_code == 200
    response = admin_client.post(f"{PEOPLE}{investigator_centre.pk}/deactivate/")
    assert response.status_code == 302
    assert their_session.get("/en/staff/account/").status_code == 302
    assert AuditEvent.objects.filter(action="account.deactivated").count() == 1


def test_administrator_cannot_deactivate_themselves(
    admin_client: Client, administrator_user: User
) -> None:
    admin_client.post(f"{PEOPLE}{administrator_user.pk}/deactivate/")
    administrator_user.refresh_from_db()
    assert administrator_user.is_active


def test_django_admin_saves_are_audited(administrator_user: User) -> None:
    administrator_user.is_staff = administrator_user.is_superuser = True
    administrator_user.save()
    client = personas.signed_in_client(administrator_user)
    unit = Unit.objects.get(code="dgsn-cyber-lt")
    response = client.post(
        f"/admin/accounts/unit/{unit.pk}/change/",
        {
            "name_fr": unit.name_fr,
            "name_en": "Littoral section",
            "code": unit.code,
            "organisation": unit.organisation_id,
            "parent": unit.parent_id,
            "regions": ["LT"],
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="unit.changed_in_admin")
    assert "name_en" in event.details["fields"]
