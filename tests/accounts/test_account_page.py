"""My account: who I am and where I work, change my password, renew my backup codes, sign out."""

import re

import pytest
from django.test import Client

from tests import personas
from vigilance.accounts import services
from vigilance.accounts.models import User
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ACCOUNT = "/en/staff/account/"
PASSWORD_CHANGE = "/en/staff/account/password/"
NEW_PASSWORD = "mango tree river 2026 drums"


def change(client: Client, current: str, first: str, second: str | None = None) -> object:
    return client.post(
        PASSWORD_CHANGE,
        {"current_password": current, "new_password1": first, "new_password2": second or first},
    )


def test_account_page_shows_organisation_unit_and_role_labels(investigator_littoral: User) -> None:
    page = personas.signed_in_client(investigator_littoral).get(ACCOUNT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "investigator_littoral" in html
    assert investigator_littoral.unit.name_en in html  # type: ignore[union-attr]
    assert investigator_littoral.organisation.name_en in html  # type: ignore[union-attr]
    assert "Investigator" in html
    assert 'action="/en/staff/sign-out/"' in html
    assert "/en/staff/admin/" not in html


def test_account_page_links_administrators_to_the_administration(
    administrator_user: User,
) -> None:
    html = personas.signed_in_client(administrator_user).get(ACCOUNT).content.decode()
    assert "/en/staff/admin/people/" in html
    assert "/en/staff/routing/" in html


def test_account_page_needs_a_verified_sign_in(client: Client, triage_officer: User) -> None:
    client.force_login(triage_officer)
    assert client.get(ACCOUNT)["Location"].startswith("/en/staff/sign-in/")


def test_password_change_with_the_right_current_password(triage_officer: User) -> None:
    client = personas.signed_in_client(triage_officer)
    response = change(client, personas.PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    triage_officer.refresh_from_db()
    assert triage_officer.check_password(NEW_PASSWORD)
    assert client.get(ACCOUNT).status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="account.password_changed").count() == 1


def test_password_change_refuses_a_wrong_current_password(triage_officer: User) -> None:
    client = personas.signed_in_client(triage_officer)
    response = change(client, "not my password at all", NEW_PASSWORD)
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    triage_officer.refresh_from_db()
    assert triage_officer.check_password(personas.PASSWORD)


def test_password_change_refuses_two_different_new_passwords(triage_officer: User) -> None:
    response = change(
        personas.signed_in_client(triage_officer), personas.PASSWORD, NEW_PASSWORD, "other 12345 x"
    )
    assert response.status_code == 400
    assert "The two new passwords are not the same." in response.content.decode()


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("short pw 1", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_password_change_shows_the_validators_messages(
    triage_officer: User, weak: str, message: str
) -> None:
    response = change(personas.signed_in_client(triage_officer), personas.PASSWORD, weak)
    assert response.status_code == 400
    assert message in response.content.decode()
    triage_officer.refresh_from_db()
    assert triage_officer.check_password(personas.PASSWORD)


def test_validators_messages_are_in_french_on_the_french_page(triage_officer: User) -> None:
    client = personas.signed_in_client(triage_officer)
    response = client.post(
        "/fr/staff/account/password/",
        {
            "current_password": personas.PASSWORD,
            "new_password1": "short pw 1",
            "new_password2": "short pw 1",
        },
    )
    assert "Il doit contenir au minimum 12 caractères." in response.content.decode()


def test_new_backup_codes_are_shown_once_and_replace_the_old_ones(triage_officer: User) -> None:
    old = services.user_backup_codes_reset(user=triage_officer)
    response = personas.signed_in_client(triage_officer).post("/en/staff/account/backup-codes/")
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 5
    assert services.user_verify_code(user=triage_officer, code=new[0]) is not None
    assert services.user_verify_code(user=triage_officer, code=old[0]) is None
