"""Every write on one's own staff account: creation with its authenticator, enrolment of the
authenticator at the first sign-in, passwords, backup codes and the check of one-time codes.

The administrators' writes on other people's accounts and on units are in ``members``.
"""

from base64 import b32encode
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record

AUTHENTICATOR_NAME = "authenticator"
BACKUP_CODES_NAME = "backup codes"
BACKUP_CODE_COUNT = 5


@dataclass(frozen=True)
class StaffAccount:
    user: User
    device: TOTPDevice
    otpauth_uri: str


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


def _authenticator(user: User, *, confirmed: bool) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=confirmed)
    return device


def _password_check(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


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
    must_enrol_authenticator: bool = True,
) -> StaffAccount:
    """Create a staff account and its authenticator (TOTP); the URI goes into an authenticator app.

    A new person enrols their authenticator at their first sign-in (password only, then the
    enrolment page): until then the authenticator is unconfirmed and accepts no code. With
    ``must_enrol_authenticator=False`` the authenticator is confirmed at once (demo accounts,
    accounts whose secret is handed over another way).
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
        must_enrol_authenticator=must_enrol_authenticator,
    )
    _password_check(password, user)
    user.set_password(password)
    user.save()
    device = _authenticator(user, confirmed=not must_enrol_authenticator)
    return StaffAccount(user=user, device=device, otpauth_uri=device.config_url)


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """Change a password after checking it against the same rules as at creation."""
    _password_check(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_change_password(*, user: User, current_password: str, new_password: str) -> User:
    """The person changes their own password: the current one first, then the rules."""
    if not user.check_password(current_password):
        raise ValidationError({"current_password": [_("This is not your current password.")]})
    if current_password == new_password:
        raise ValidationError(
            {"new_password1": [_("Choose a new password, different from the current one.")]}
        )
    user_set_password(user=user, password=new_password)
    audit_record(
        actor=user, action="account.password_changed", object_type="user", object_id=user.pk
    )
    return user


@transaction.atomic
def user_authenticator_ensure(*, user: User) -> StaffAccount:
    """The user's confirmed authenticator, created if missing (an existing one keeps its secret).

    For accounts whose secret is handed over with the password (the demonstration accounts):
    the person does not go through the enrolment page.
    """
    device = _authenticator(user, confirmed=True)
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    if user.must_enrol_authenticator:
        user.must_enrol_authenticator = False
        user.save(update_fields=["must_enrol_authenticator"])
    return StaffAccount(user=user, device=device, otpauth_uri=device.config_url)


@transaction.atomic
def user_authenticator_pending(*, user: User) -> StaffAccount:
    """The authenticator a person must enrol, shown on the enrolment page.

    If the account must enrol again while it had a confirmed authenticator (an administrator
    reset it), that authenticator gets a new secret and accepts no code until it is confirmed.
    """
    device = _authenticator(user, confirmed=False)
    if device.confirmed:
        device.key = default_key()
        device.confirmed = False
        device.last_t = -1
        device.save(update_fields=["key", "confirmed", "last_t"])
    return StaffAccount(user=user, device=device, otpauth_uri=device.config_url)


@transaction.atomic
def user_enrol_confirm(*, user: User, code: str) -> Enrolment | None:
    """Confirm the pending authenticator with a code it shows; None when the code is wrong.

    On success the authenticator is confirmed, the account no longer has to enrol, and five
    backup codes are made (returned to be shown once).
    """
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR_NAME, confirmed=False).first()
    token = "".join(code.split())
    if device is None or not (token.isdigit() and len(token) == device.digits):
        return None
    is_allowed, _reason = device.verify_is_allowed()
    if not is_allowed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user.must_enrol_authenticator = False
    user.save(update_fields=["must_enrol_authenticator"])
    codes = _backup_codes_replace(user, BACKUP_CODE_COUNT)
    audit_record(
        actor=user, action="account.authenticator_enrolled", object_type="user", object_id=user.pk
    )
    return Enrolment(device=device, backup_codes=codes)


def _backup_codes_replace(user: User, count: int) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def user_backup_codes_reset(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Replace the user's backup codes with ``count`` fresh ones; each signs in once."""
    codes = _backup_codes_replace(user, count)
    audit_record(
        actor=user, action="account.backup_codes_reset", object_type="user", object_id=user.pk
    )
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


def authenticator_secret(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for people who type it instead of scanning."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
