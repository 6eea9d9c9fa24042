"""Creating staff accounts: strong passwords only, and an authenticator from the start."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import PASSWORD
from vigilance.accounts import services
from vigilance.accounts.models import User

pytestmark = pytest.mark.django_db


def test_new_account_gets_an_unconfirmed_authenticator_to_enrol_at_first_sign_in() -> None:
    account = services.user_create_staff(username="triage", email="T@Example.cm", password=PASSWORD)
    assert account.otpauth_uri.startswith("otpauth://totp/Vigilance%3Atriage?secret=")
    assert account.user.must_enrol_authenticator
    assert TOTPDevice.objects.filter(user=account.user, confirmed=False).count() == 1
    assert TOTPDevice.objects.filter(user=account.user, confirmed=True).count() == 0
    assert account.user.email == "t@example.cm"
    assert account.user.check_password(PASSWORD)
    assert account.user.password.startswith("argon2")


@pytest.mark.parametrize(
    "password", ["short pass1", "password1234", "123456789012345", "triage.officer1"]
)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.user_create_staff(
            username="triage.officer", email="t@example.cm", password=password
        )
    assert "password" in refused.value.message_dict
    assert not User.objects.filter(username="triage.officer").exists()


def test_short_password_message_names_the_minimum() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.user_create_staff(username="triage", email="t@example.cm", password="Xk9#q2!")
    assert any("12 characters" in message for message in refused.value.message_dict["password"])


def test_username_taken_whatever_the_case_is_refused() -> None:
    services.user_create_staff(username="triage", email="a@example.cm", password=PASSWORD)
    with pytest.raises(ValidationError) as refused:
        services.user_create_staff(username="Triage", email="b@example.cm", password=PASSWORD)
    assert "username" in refused.value.message_dict


def test_account_created_already_enrolled_gets_a_confirmed_authenticator() -> None:
    account = services.user_create_staff(
        username="triage", email="t@example.cm", password=PASSWORD, must_enrol_authenticator=False
    )
    assert not account.user.must_enrol_authenticator
    assert TOTPDevice.objects.filter(user=account.user, confirmed=True).count() == 1


def test_new_backup_codes_replace_the_old_ones() -> None:
    account = services.user_create_staff(username="triage", email="a@example.cm", password=PASSWORD)
    old = services.user_backup_codes_reset(user=account.user)
    new = services.user_backup_codes_reset(user=account.user)
    assert len(set(new)) == 5
    assert services.user_verify_code(user=account.user, code=new[0].upper()) is not None
    assert services.user_verify_code(user=account.user, code=old[1]) is None
