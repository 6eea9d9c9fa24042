"""The demonstration editors, made if missing: ``make run`` seeds alerts and guides before
``accounts``' demo_logins, which then sets their passwords and prints them."""

import secrets

from vigilance.accounts.models import Role, Unit, User
from vigilance.accounts.services import user_create_staff

# The same people as demo_logins' editors.
EDITORS = {"editor": ("Nadège", "Eyenga"), "editor.review": ("Yannick", "Tabi")}
UNIT = "antic-communication"


def demo_editor(username: str) -> User:
    """The demo editor ``username`` (one of ``EDITORS``), made in the communication unit."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    first_name, last_name = EDITORS[username]
    user = user_create_staff(
        username=username,
        email=f"{username}@vigilance.example",
        password=secrets.token_urlsafe(24),
        first_name=first_name,
        last_name=last_name,
        must_enrol_authenticator=False,
    ).user
    unit = Unit.objects.select_related("organisation").get(code=UNIT)
    user.organisation, user.unit, user.roles = unit.organisation, unit, [str(Role.EDITOR)]
    user.save(update_fields=["organisation", "unit", "roles"])
    return user
