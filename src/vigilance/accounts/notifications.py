"""E-mails to a person about their own account, in their language, sent after the change is
committed. Through Django's mail: the accounts app sits below the workspace's notifications."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from vigilance.accounts.models import User

logger = logging.getLogger(__name__)


def _send_on_commit(user: User, subject: Callable[[], str], body: Callable[[], str]) -> None:
    if not user.email:
        return
    address, language = user.email, user.language or settings.LANGUAGE_CODE

    def send() -> None:
        with translation.override(language):
            text = (
                body()
                + "\n\n"
                + _(
                    "If you did not expect this, tell your head of unit at once: someone may be "
                    "trying to use your account."
                )
            )
            try:
                send_mail(subject(), text, None, [address])
            except OSError:
                # The change is made and audited; a mail server that is down must not undo it.
                logger.exception("account notice not sent")

    transaction.on_commit(send)


def password_reset_notify(*, user: User, by: User) -> None:
    _send_on_commit(
        user,
        lambda: _("Vigilance: your password has been reset"),
        lambda: (
            _(
                "An administrator (%(administrator)s) has reset the password of your Vigilance "
                "account %(username)s. Your previous password no longer works. Sign in with the "
                "temporary password they give you; you will then choose a new password of your own."
            )
            % {"administrator": by.get_username(), "username": user.get_username()}
        ),
    )


def authenticator_reset_notify(*, user: User, by: User) -> None:
    _send_on_commit(
        user,
        lambda: _("Vigilance: your authenticator has been reset"),
        lambda: (
            _(
                "An administrator (%(administrator)s) has reset the authenticator of your Vigilance "
                "account %(username)s. Your previous codes and backup codes no longer work. At your "
                "next sign-in, with your password only, you will set up your authenticator app again."
            )
            % {"administrator": by.get_username(), "username": user.get_username()}
        ),
    )
