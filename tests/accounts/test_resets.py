"""An administrator resets a lost password or authenticator: the person replaces it at their next
sign-in, is told by e-mail in their language, and both resets never wait together."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import personas
from vigilance.accounts import services
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent
from vigilance.core.errors import InvalidAction, NotFound

pytestmark = pytest.mark.django_db

PEOPLE = "/en/staff/admin/people/"
SIGN_IN = "/en/staff/sign-in/"
HOME = "/en/staff/"
RENEW = "/en/staff/account/new-password/"
NEW_PASSWORD = "a quiet river under the hills 7"

OnCommit = Callable[..., AbstractContextManager[Any]]


def _reset_password(admin: User, person: User, on_commit: OnCommit) -> str:
    with on_commit(execute=True):
        response = personas.signed_in_client(admin).post(f"{PEOPLE}{person.pk}/reset-password/")
    assert response.status_code == 200
    password: str = response.context["password"]
    assert password in response.content.decode()
    return password


def _sign_in(person: User, password: str) -> Client:
    client = Client()
    response = client.post(
        SIGN_IN,
        {
            "username": person.username,
            "password": password,
            "otp_token": personas.current_code(person),
        },
    )
    assert response.status_code == 302
    return client


def test_password_reset_forces_a_new_password_at_the_next_sign_in(
    administrator_user: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    temporary = _reset_password(
        administrator_user, investigator_centre, django_capture_on_commit_callbacks
    )
    investigator_centre.refresh_from_db()
    assert not investigator_centre.check_password(personas.PASSWORD)
    assert investigator_centre.must_change_password
    client = _sign_in(investigator_centre, temporary)
    home = client.get(HOME)
    assert home.status_code == 302
    assert home["Location"].startswith(RENEW)
    assert client.get("/en/staff/cases/").status_code == 302
    same = client.post(RENEW, {"new_password1": temporary, "new_password2": temporary})
    assert same.status_code == 400
    assert "different from the temporary one" in same.content.decode()
    weak = client.post(RENEW, {"new_password1": "123456789012", "new_password2": "123456789012"})
    assert weak.status_code == 400
    done = client.post(RENEW, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get(HOME).status_code == 200
    investigator_centre.refresh_from_db()
    assert not investigator_centre.must_change_password
    assert investigator_centre.check_password(NEW_PASSWORD)
    reset = AuditEvent.objects.get(action="account.password_reset")
    assert reset.actor_label == "administrator_user"
    assert temporary not in str(reset.details)
    assert AuditEvent.objects.get(action="account.password_renewed").actor_label == (
        "investigator_centre"
    )


def test_the_staff_api_refuses_a_temporary_password_session(
    administrator_user: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    temporary = _reset_password(
        administrator_user, investigator_centre, django_capture_on_commit_callbacks
    )
    client = _sign_in(investigator_centre, temporary)
    response = client.get("/api/v1/cases")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "password_change_required"


def test_password_reset_ends_the_persons_open_sessions(
    administrator_user: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    their_session = personas.signed_in_client(investigator_centre)
    assert their_session.get(HOME).status_code == 200
    _reset_password(administrator_user, investigator_centre, django_capture_on_commit_callbacks)
    assert their_session.get(HOME).status_code == 302


def test_password_reset_is_mailed_to_the_person_in_their_language(
    administrator_user: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    investigator_centre.language = "fr"
    investigator_centre.save()
    temporary = _reset_password(
        administrator_user, investigator_centre, django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["investigator_centre@example.cm"]
    assert "mot de passe" in message.subject
    assert "administrator_user" in message.body
    assert temporary not in message.body


def test_authenticator_reset_forces_enrolment_and_tells_the_person(
    administrator_user: User,
    investigator_centre: User,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    services.user_backup_codes_reset(user=investigator_centre)
    their_session = personas.signed_in_client(investigator_centre)
    investigator_centre.language = "en"
    investigator_centre.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.signed_in_client(administrator_user).post(
            f"{PEOPLE}{investigator_centre.pk}/reset-authenticator/"
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=investigator_centre).exists()
    assert not StaticDevice.objects.filter(user=investigator_centre).exists()
    investigator_centre.refresh_from_db()
    assert investigator_centre.must_enrol_authenticator
    # The open session was verified by the deleted authenticator: it no longer opens anything.
    assert their_session.get(HOME).status_code == 302
    client = Client()
    signed = client.post(
        SIGN_IN, {"username": "investigator_centre", "password": personas.PASSWORD}
    )
    assert signed.status_code == 302
    assert signed["Location"].startswith("/en/staff/enrol/")
    assert [message.subject for message in mail.outbox] == [
        "Vigilance: your authenticator has been reset"
    ]
    event = AuditEvent.objects.get(action="account.authenticator_reset")
    assert event.actor_label == "administrator_user"


def test_password_and_authenticator_are_never_reset_together(
    administrator_user: User, investigator_centre: User, supervisor_police: User
) -> None:
    services.user_password_reset(actor=administrator_user, user=investigator_centre)
    with pytest.raises(InvalidAction):
        services.user_authenticator_reset(actor=administrator_user, user=investigator_centre)
    services.user_authenticator_reset(actor=administrator_user, user=supervisor_police)
    with pytest.raises(InvalidAction):
        services.user_password_reset(actor=administrator_user, user=supervisor_police)


def test_resets_need_a_recent_re_authentication(
    administrator_user: User, investigator_centre: User
) -> None:
    client = personas.signed_in_client(administrator_user)
    session = client.session
    session.pop("vigilance_authenticated_at")
    session.save()
    response = client.post(f"{PEOPLE}{investigator_centre.pk}/reset-password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/confirm/")
    investigator_centre.refresh_from_db()
    assert investigator_centre.check_password(personas.PASSWORD)


def test_people_who_do_not_manage_accounts_cannot_reset(
    supervisor_police: User, investigator_centre: User
) -> None:
    client = personas.signed_in_client(supervisor_police)
    for reset in ("reset-password", "reset-authenticator"):
        assert client.post(f"{PEOPLE}{investigator_centre.pk}/{reset}/").status_code == 404
    with pytest.raises(NotFound):
        services.user_password_reset(actor=supervisor_police, user=investigator_centre)
    investigator_centre.refresh_from_db()
    assert investigator_centre.check_password(personas.PASSWORD)


def test_an_administrator_does_not_reset_their_own_account_here(
    administrator_user: User,
) -> None:
    with pytest.raises(InvalidAction):
        services.user_password_reset(actor=administrator_user, user=administrator_user)
    with pytest.raises(InvalidAction):
        services.user_authenticator_reset(actor=administrator_user, user=administrator_user)
