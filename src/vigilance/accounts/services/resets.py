"""An administrator resets another person's password or authenticator, when it is lost; the
person replaces what was reset at their next sign-in and is told by e-mail.

The two resets are never pending together on an account: whoever holds a temporary password of
an account without an authenticator could enrol their own and become that person.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigilance.accounts import notifications
from vigilance.accounts.access import require_can_act_on, require_manager
from vigilance.accounts.models import User
from vigilance.accounts.services.authentication import user_set_password
from vigilance.accounts.services.members import temporary_password
from vigilance.audit.services import audit_record
from vigilance.core.errors import InvalidAction


def _locked_target(actor: User, user: User) -> User:
    require_manager(actor)
    target = User.objects.select_for_update().get(pk=user.pk)
    require_can_act_on(actor, target)
    if not target.is_active:
        raise InvalidAction(_("This account is deactivated."))
    return target


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str:
    """Give the account a temporary password (returned, to be shown once to the actor); the
    previous one stops working, open sessions end, and a new one is asked at the next sign-in."""
    target = _locked_target(actor, user)
    if target.must_enrol_authenticator:
        raise InvalidAction(
            _(
                "This person has not set up their authenticator yet: their password cannot be "
                "reset until they have. If they have lost both, deactivate this account and "
                "create a new one."
            )
        )
    password = temporary_password()
    user_set_password(user=target, password=password)
    target.must_change_password = True
    target.save(update_fields=["must_change_password"])
    audit_record(
        actor=actor,
        action="account.password_reset",
        object_type="user",
        object_id=target.pk,
        details={"username": target.username},
    )
    notifications.password_reset_notify(user=target, by=actor)
    return password


@transaction.atomic
def user_authenticator_reset(*, actor: User, user: User) -> User:
    """Delete the account's authenticator and backup codes: its sessions are no longer verified,
    and the person sets up a new authenticator at their next sign-in."""
    target = _locked_target(actor, user)
    if target.must_change_password:
        raise InvalidAction(
            _(
                "This person has not yet replaced the temporary password they were given: their "
                "authenticator cannot be reset until they have. If they have lost both, "
                "deactivate this account and create a new one."
            )
        )
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    target.must_enrol_authenticator = True
    target.save(update_fields=["must_enrol_authenticator"])
    audit_record(
        actor=actor,
        action="account.authenticator_reset",
        object_type="user",
        object_id=target.pk,
        details={"username": target.username},
    )
    notifications.authenticator_reset_notify(user=target, by=actor)
    return target


@transaction.atomic
def user_password_renew(*, user: User, new_password: str) -> User:
    """The person replaces the temporary password an administrator gave them."""
    if user.check_password(new_password):
        message = _("Choose a new password, different from the temporary one.")
        raise InvalidAction(message, {"new_password1": [message]})
    user_set_password(user=user, password=new_password)
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    audit_record(
        actor=user, action="account.password_renewed", object_type="user", object_id=user.pk
    )
    return user
