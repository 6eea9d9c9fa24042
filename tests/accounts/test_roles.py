"""THE role table: for every role, exactly these permissions, written out here on purpose."""

import pytest

from tests import personas
from vigilance.accounts.models import Role, User
from vigilance.accounts.permissions import ROLE_PERMISSIONS, Permission, can, permissions_of

P = Permission

EXPECTED: dict[str, set[str]] = {
    Role.INTAKE_OFFICER: {P.FILE_ON_BEHALF},
    Role.TRIAGE_OFFICER: {P.FILE_ON_BEHALF, P.VIEW_TRIAGE_QUEUE, P.TRIAGE, P.VIEW_CASES, P.OPEN_CASE},
    Role.INVESTIGATOR: {
        P.VIEW_CASES, P.OPEN_CASE, P.WORK_CASE, P.SHARE_CASE, P.MESSAGE_VICTIM, P.EXPORT_CASE,
        P.ANALYSE_INDICATORS,
    },
    Role.CIRT_ANALYST: {
        P.VIEW_CASES, P.OPEN_CASE, P.WORK_CASE, P.SHARE_CASE, P.MESSAGE_VICTIM, P.EXPORT_CASE,
        P.ANALYSE_INDICATORS,
    },
    Role.SUPERVISOR: {
        P.VIEW_CASES, P.OPEN_CASE, P.WORK_CASE, P.SHARE_CASE, P.MESSAGE_VICTIM, P.EXPORT_CASE,
        P.REASSIGN_CASE, P.REOPEN_CASE, P.ANALYSE_INDICATORS, P.APPROVE_ALERTS,
        P.VIEW_STATISTICS, P.MANAGE_EXCHANGE,
    },
    Role.PARTNER_RESPONDER: {P.RESPOND_REQUISITIONS, P.PULL_FRAUD_LIST},
    Role.AUDITOR: {P.VIEW_AUDIT},
    Role.ADMINISTRATOR: {P.MANAGE_ROUTING, P.MANAGE_ACCOUNTS},
    Role.MAGISTRATE: {P.AUTHORISE_REQUISITIONS},
    Role.EDITOR: {P.EDIT_ALERTS, P.APPROVE_ALERTS},
    Role.STATISTICIAN: {P.VIEW_STATISTICS},
}  # fmt: skip


def test_every_role_is_in_the_table() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role.values) == set(EXPECTED)


@pytest.mark.parametrize("role", Role.values)
def test_role_has_exactly_its_permissions(role: str) -> None:
    user = User(username="someone", roles=[role], is_active=True)
    assert permissions_of(user) == EXPECTED[role]
    for permission in Permission.values:
        assert can(user, permission) == (permission in EXPECTED[role])


def test_administrator_cannot_see_cases_nor_the_audit_trail() -> None:
    administrator = User(username="admin", roles=[Role.ADMINISTRATOR])
    assert not can(administrator, P.VIEW_CASES)
    assert not can(administrator, P.VIEW_AUDIT)
    assert not can(administrator, P.VIEW_TRIAGE_QUEUE)


def test_auditor_only_reads_the_audit_trail() -> None:
    assert permissions_of(User(username="auditor", roles=[Role.AUDITOR])) == {P.VIEW_AUDIT}


def test_partner_only_answers_requisitions_and_pulls_the_fraud_list() -> None:
    partner = User(username="mtn", roles=[Role.PARTNER_RESPONDER])
    assert permissions_of(partner) == {P.RESPOND_REQUISITIONS, P.PULL_FRAUD_LIST}


def test_several_roles_add_up() -> None:
    user = User(username="both", roles=[Role.AUDITOR, Role.INTAKE_OFFICER])
    assert permissions_of(user) == {P.VIEW_AUDIT, P.FILE_ON_BEHALF}


def test_unknown_role_gives_nothing() -> None:
    assert permissions_of(User(username="odd", roles=["emperor"])) == frozenset()


@pytest.mark.django_db
def test_inactive_user_has_no_permission() -> None:
    supervisor = personas.persona("supervisor_police")
    assert permissions_of(supervisor)
    supervisor.is_active = False
    assert permissions_of(supervisor) == frozenset()
