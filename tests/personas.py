"""The named people of the tests, each in a real unit of the seeded directory, and how they sign in.

Use them through the fixtures of ``tests/conftest.py`` (``triage_officer``, ``investigator_centre``,
``investigator_littoral``, ``gendarme_north``, ``supervisor_police``, ``cirt_analyst``,
``mtn_responder``, ``orange_responder``, ``auditor``, ``administrator_user``, ``intake_officer``,
``magistrate``, ``editor``, ``second_editor``, ``statistician``, ``cirt_supervisor``).
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigilance.accounts import reauth, services
from vigilance.accounts.models import Role, Unit, User

PASSWORD = "correct horse battery staple 42"

PERSONAS: dict[str, tuple[str, list[str]]] = {
    # name: (unit code, roles)
    "triage_officer": ("coord-triage", [Role.TRIAGE_OFFICER]),
    "intake_officer": ("coord-counter-yde", [Role.INTAKE_OFFICER]),
    "investigator_centre": ("dgsn-cyber-ce", [Role.INVESTIGATOR]),
    "investigator_littoral": ("dgsn-cyber-lt", [Role.INVESTIGATOR]),
    "gendarme_north": ("sed-cyber-no", [Role.INVESTIGATOR]),
    "supervisor_police": ("dgsn-cyber", [Role.SUPERVISOR]),
    "cirt_analyst": ("antic-cirt", [Role.CIRT_ANALYST]),
    "mtn_responder": ("mtn-lawful", [Role.PARTNER_RESPONDER]),
    "orange_responder": ("orange-lawful", [Role.PARTNER_RESPONDER]),
    "auditor": ("coord-supervision", [Role.AUDITOR]),
    "administrator_user": ("coord-supervision", [Role.ADMINISTRATOR]),
    "magistrate": ("prosecution-yaounde", [Role.MAGISTRATE]),
    "editor": ("antic-communication", [Role.EDITOR]),
    "second_editor": ("antic-communication", [Role.EDITOR]),
    "statistician": ("minpostel-stats", [Role.STATISTICIAN]),
    "cirt_supervisor": ("antic-cirt", [Role.SUPERVISOR]),
}


def persona(name: str) -> User:
    """Create (once per test database) the persona called ``name``."""
    existing = User.objects.filter(username=name).first()
    if existing is not None:
        return existing
    unit_code, roles = PERSONAS[name]
    unit = Unit.objects.select_related("organisation").get(code=unit_code)
    account = services.user_create_staff(
        username=name,
        email=f"{name}@example.cm",
        password=PASSWORD,
        must_enrol_authenticator=False,
    )
    user = account.user
    user.organisation = unit.organisation
    user.unit = unit
    user.roles = [str(role) for role in roles]
    user.save()
    return user


def current_code(user: User) -> str:
    """What the person's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user, name=services.AUTHENTICATOR_NAME)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def signed_in_client(user: User) -> Client:
    """A test client signed in with a password and a verified one-time code, just now (so a
    page asking for a recent re-authentication lets it in, as after a real sign-in)."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, name=services.AUTHENTICATOR_NAME)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[reauth.AUTHENTICATED_AT_SESSION_KEY] = int(time.time())
    session.save()
    return client
