"""Personas of the staff tests: an administrator and an investigator, each with an authenticator."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import personas
from vigilance.accounts import services
from vigilance.accounts.models import Role, Unit, User

PASSWORD = "correct horse battery staple 42"


def current_code(device: TOTPDevice) -> str:
    """What the person's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


@pytest.fixture
def investigator() -> services.StaffAccount:
    return services.user_create_staff(
        username="investigator.centre",
        email="Investigator@Police.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    )


@pytest.fixture
def administrator() -> services.StaffAccount:
    return services.user_create_staff(
        username="admin",
        email="admin@vigilance.cm",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
        must_enrol_authenticator=False,
    )


@pytest.fixture
def second_administrator() -> User:
    unit = Unit.objects.select_related("organisation").get(code="coord-supervision")
    user = services.user_create_staff(
        username="second_administrator",
        email="second@example.cm",
        password=personas.PASSWORD,
        must_enrol_authenticator=False,
    ).user
    user.organisation, user.unit, user.roles = unit.organisation, unit, [Role.ADMINISTRATOR]
    user.save()
    return user
