"""The one gate of account administration: who may manage accounts at all, and on which
accounts one administrator may act.

Nobody acts on their own account here, nor on an account with more privileges than an
administrator's own: another administrator, a superuser or an account of the administration
site. Those are managed by the platform's operators.
"""

from django.utils.translation import gettext as _

from vigilance.accounts.models import Role, User
from vigilance.accounts.permissions import Permission, can
from vigilance.core.errors import InvalidAction, NotFound


def require_manager(actor: User) -> None:
    """People who do not manage accounts get the same answer as for a missing page."""
    if not can(actor, Permission.MANAGE_ACCOUNTS):
        raise NotFound


def is_privileged(user: User) -> bool:
    """An account that administers the platform: its rights equal or exceed an administrator's."""
    return bool(user.is_superuser or user.is_staff or user.has_role(Role.ADMINISTRATOR))


def refusal_to_act_on(actor: User, user: User) -> str:
    """Why ``actor`` may not change ``user``'s account, or an empty string when they may."""
    if user.pk == actor.pk:
        return _("You cannot change your own account here: ask another administrator.")
    if user.is_superuser:
        return _("This is a superuser account: it is managed by the platform's operators only.")
    if is_privileged(user):
        return _(
            "This account administers the platform: another administrator cannot change it. "
            "The platform's operators manage it."
        )
    if not actor.has_role(Role.ADMINISTRATOR) and not set(user.roles or []) <= set(actor.roles):
        return _("This account has roles you do not hold: you cannot change it.")
    return ""


def require_can_act_on(actor: User, user: User) -> None:
    refusal = refusal_to_act_on(actor, user)
    if refusal:
        raise InvalidAction(refusal)
