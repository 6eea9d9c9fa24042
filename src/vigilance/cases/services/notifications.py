"""Telling people in the workspace: a notification each, gathered later in their daily digest."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from vigilance.accounts.models import User
from vigilance.cases.models import Notification


@transaction.atomic
def notification_send(
    *, users: Iterable[User], message: str, url: str = "", exclude: User | None = None
) -> list[Notification]:
    """One notification per person (never to ``exclude``, the one who acted).

    ``message`` should be a lazy translation: it is rendered in each person's language.
    """
    notifications = []
    for user in {user.pk: user for user in users if user.is_active}.values():
        if exclude is not None and user.pk == exclude.pk:
            continue
        with translation.override(user.language or "fr"):
            text = str(message)[:300]
        notifications.append(Notification(user=user, message=text, url=url[:300]))
    return Notification.objects.bulk_create(notifications)
