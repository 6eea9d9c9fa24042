"""Four eyes on moving a unit: the supervisors above a unit read its cases, so an administrator
who moves a unit under their accomplice's unit waits for a second administrator; moving a unit
up only takes readers away and applies at once."""

import pytest
from django.urls import reverse

from tests import personas
from tests.factories import report_draft
from vigilance.accounts import services
from vigilance.accounts.models import Role, RoleGrantStatus, Unit, UnitMove, User
from vigilance.audit.models import AuditEvent
from vigilance.cases.models import Case
from vigilance.cases.services import lifecycle
from vigilance.core.errors import InvalidAction
from vigilance.intake import services as intake_services
from vigilance.intake import staff

pytestmark = pytest.mark.django_db

MOVES = "/en/staff/admin/unit-moves/"
GRANTS = "/en/staff/admin/grants/"


@pytest.fixture
def centre_supervisor() -> User:
    """A supervisor of the Centre unit: reads the Centre's cases, not the Littoral's."""
    unit = Unit.objects.select_related("organisation").get(code="dgsn-cyber-ce")
    user = personas.persona("investigator_centre")
    user.organisation, user.unit, user.roles = unit.organisation, unit, [Role.SUPERVISOR]
    user.save()
    return user


@pytest.fixture
def littoral_case(triage_officer: User, investigator_littoral: User) -> Case:
    report = intake_services.report_submit(draft=report_draft(region="LT"), channel="web").report
    staff.report_route(
        report=report, unit=Unit.objects.get(code="dgsn-cyber-lt"), actor=triage_officer
    )
    return lifecycle.case_open(report=report, actor=investigator_littoral)


def _littoral_and_centre() -> tuple[Unit, Unit]:
    """The unit to move, and the unit it is asked to go under."""
    return Unit.objects.get(code="dgsn-cyber-lt"), Unit.objects.get(code="dgsn-cyber-ce")


def _reads(user: User, case: Case) -> bool:
    url = reverse("cases:case_detail", kwargs={"case_id": case.public_id})
    return personas.signed_in_client(user).get(url).status_code == 200


def _ask_move(administrator: User, unit: Unit, parent: Unit | None) -> UnitMove | None:
    return services.unit_update(
        actor=administrator,
        unit=unit,
        name_fr=unit.name_fr,
        name_en=unit.name_en,
        parent=parent,
        regions=[],
    )


def _edit_page_move(client, unit: Unit, parent: Unit):  # type: ignore[no-untyped-def]
    return client.post(
        f"/en/staff/admin/units/{unit.code}/",
        {
            "name_fr": unit.name_fr,
            "name_en": unit.name_en,
            "parent": parent.pk,
            "regions": [region.pk for region in unit.regions.all()],
            "email": unit.email,
        },
    )


def test_moving_a_unit_under_another_waits_and_opens_nothing_meanwhile(
    administrator_user: User, centre_supervisor: User, littoral_case: Case
) -> None:
    littoral, centre = _littoral_and_centre()
    path_before = littoral.path

    answer = _edit_page_move(personas.signed_in_client(administrator_user), littoral, centre)

    assert answer.status_code == 302
    littoral.refresh_from_db()
    assert (littoral.path, littoral.parent_id) == (path_before, littoral.parent_id)
    assert UnitMove.objects.get(unit=littoral).status == RoleGrantStatus.PENDING
    assert AuditEvent.objects.filter(action="unit.move_requested").count() == 1
    assert not _reads(centre_supervisor, littoral_case)


def test_the_administrator_who_asked_cannot_approve_on_the_page_or_the_service(
    administrator_user: User, littoral_case: Case
) -> None:
    littoral, centre = _littoral_and_centre()
    move = _ask_move(administrator_user, littoral, centre)
    assert move is not None

    with pytest.raises(InvalidAction):
        services.unit_move_approve(actor=administrator_user, move_id=move.pk)
    client = personas.signed_in_client(administrator_user)
    assert (
        "another administrator must decide it" in client.get(f"{MOVES}{move.pk}/").content.decode()
    )
    assert client.post(f"{MOVES}{move.pk}/", {"decision": "approve"}).status_code == 400
    move.refresh_from_db()
    assert move.status == RoleGrantStatus.PENDING


def test_after_a_second_approval_the_supervisor_above_reads_the_cases(
    administrator_user: User,
    second_administrator: User,
    centre_supervisor: User,
    littoral_case: Case,
) -> None:
    littoral, centre = _littoral_and_centre()
    _edit_page_move(personas.signed_in_client(administrator_user), littoral, centre)
    move = UnitMove.objects.get(unit=littoral)
    approver = personas.signed_in_client(second_administrator)
    assert f"{MOVES}{move.pk}/" in approver.get(GRANTS).content.decode()

    assert approver.post(f"{MOVES}{move.pk}/", {"decision": "approve"}).status_code == 302

    littoral.refresh_from_db()
    assert littoral.path == f"{centre.path}/dgsn-cyber-lt"
    assert AuditEvent.objects.get(action="unit.move_approved").actor_label == "second_administrator"
    assert _reads(centre_supervisor, littoral_case)


def test_a_refusal_needs_a_reason_and_moves_nothing(
    administrator_user: User, second_administrator: User
) -> None:
    littoral, centre = _littoral_and_centre()
    path_before = littoral.path
    move = _ask_move(administrator_user, littoral, centre)
    assert move is not None
    approver = personas.signed_in_client(second_administrator)

    blank = approver.post(f"{MOVES}{move.pk}/", {"decision": "refuse", "reason": " "})
    refused = approver.post(f"{MOVES}{move.pk}/", {"decision": "refuse", "reason": "No order"})

    assert blank.status_code == 400
    assert refused.status_code == 302
    move.refresh_from_db()
    littoral.refresh_from_db()
    assert (move.status, move.reason, littoral.path) == (
        RoleGrantStatus.REFUSED,
        "No order",
        path_before,
    )


def test_moving_a_unit_up_applies_at_once(administrator_user: User) -> None:
    littoral = Unit.objects.get(code="dgsn-cyber-lt")

    move = _ask_move(administrator_user, littoral, None)

    littoral.refresh_from_db()
    assert move is None
    assert littoral.path == "dgsn-cyber-lt"
    assert not UnitMove.objects.exists()


def test_an_approval_applies_only_to_the_unit_the_approver_was_shown(
    administrator_user: User, second_administrator: User
) -> None:
    littoral, centre = _littoral_and_centre()
    move = _ask_move(administrator_user, littoral, centre)
    assert move is not None
    _ask_move(administrator_user, littoral, None)

    with pytest.raises(InvalidAction):
        services.unit_move_approve(actor=second_administrator, move_id=move.pk)
    littoral.refresh_from_db()
    assert littoral.path == "dgsn-cyber-lt"


def test_one_move_waits_at_a_time_for_a_unit(administrator_user: User) -> None:
    littoral, centre = _littoral_and_centre()
    fields = {"name_fr": littoral.name_fr, "name_en": littoral.name_en, "regions": []}
    services.unit_update(actor=administrator_user, unit=littoral, parent=centre, **fields)

    with pytest.raises(InvalidAction):
        services.unit_update(actor=administrator_user, unit=littoral, parent=centre, **fields)
    assert UnitMove.objects.count() == 1


@pytest.mark.parametrize("persona", ["supervisor_police", "investigator_littoral", "auditor"])
def test_people_who_do_not_manage_accounts_get_404_on_a_move(
    administrator_user: User, persona: str
) -> None:
    littoral, centre = _littoral_and_centre()
    move = _ask_move(administrator_user, littoral, centre)
    assert move is not None
    client = personas.signed_in_client(personas.persona(persona))

    assert client.get(f"{MOVES}{move.pk}/").status_code == 404
    assert client.post(f"{MOVES}{move.pk}/", {"decision": "approve"}).status_code == 404
    move.refresh_from_db()
    assert move.status == RoleGrantStatus.PENDING
