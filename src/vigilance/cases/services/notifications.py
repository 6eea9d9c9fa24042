"""Telling people in the workspace: a notification each, gathered later in their daily digest;
and the person marking theirs as read."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.cases.models import Notification
from vigilance.core.errors import NotFound


@transaction.atomic
def notification_send(
    *, users: Iterable[User], message: str | Promise, url: str = "", exclude: User | None = None
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


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the person's own notifications as read; anyone else's is not found."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        raise NotFound
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=user,
            action="notification.read",
            object_type="notification",
            object_id=notification.pk,
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the person as read; how many there were."""
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit_record(
            actor=user,
            action="notification.all_read",
            object_type="notification",
            details={"count": count},
        )
    return count
