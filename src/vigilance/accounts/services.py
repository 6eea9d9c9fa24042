"""Every write on staff accounts: creating one with its authenticator, backup codes, sign-in codes."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigilance.accounts.models import User

AUTHENTICATOR_NAME = "authenticator"
BACKUP_CODES_NAME = "backup codes"
BACKUP_CODE_COUNT = 5


@dataclass(frozen=True)
class StaffAccount:
    user: User
    device: TOTPDevice
    otpauth_uri: str


def _authenticator(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    return device


@transaction.atomic
def user_create_staff(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> StaffAccount:
    """Create a staff account and its authenticator (TOTP); the URI goes into an authenticator app.

    ``is_staff`` opens the administration site; it is for administrators, not for every agent.
    Raises ValidationError when the username is taken or the password is too weak.
    """
    username = username.strip()
    if not username:
        raise ValidationError({"username": [_("Choose a username.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("This username is already taken.")]})
    user = User(
        username=username,
        email=email.strip().lower(),
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    device = _authenticator(user)
    return StaffAccount(user=user, device=device, otpauth_uri=device.config_url)


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Change a password after checking it against the same rules as at creation."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_authenticator_ensure(*, user: User) -> StaffAccount:
    """The user's authenticator, created if missing (an existing one keeps its secret)."""
    device = _authenticator(user)
    return StaffAccount(user=user, device=device, otpauth_uri=device.config_url)


@transaction.atomic
def user_backup_codes_reset(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace the user's backup codes with ``count`` fresh ones; each signs in once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _candidate_devices(user: User, token: str) -> list[Device]:
    # Route the code by its shape so that a typo on one kind never throttles the other kind.
    if token.isdigit() and len(token) == 6:
        return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    return list(StaticDevice.objects.devices_for_user(user, confirmed=True))


@transaction.atomic
def user_verify_code(*, user: User, code: str) -> Device | None:
    """The device that accepts this one-time code, or None; a backup code is used up."""
    token = "".join(code.split()).lower()
    if not token or len(token) > 16:
        return None
    for device in _candidate_devices(user, token):
        is_allowed, _reason = device.verify_is_allowed()
        if is_allowed and device.verify_token(token):
            return device
    return None
