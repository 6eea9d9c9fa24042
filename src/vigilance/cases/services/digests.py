"""The periodic messages of the workspace: each person's daily digest of unread notifications,
by e-mail in their language, and the notice of tasks due today or overdue.

Both are idempotent: a digest marks what it sent (``emailed_at``), and a task's deadline notice
is sent at most once a day (the notification itself, with the task's anchor, is the record).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy

from vigilance.accounts.models import User
from vigilance.audit.services import audit_record
from vigilance.cases.models import CaseStatus, CaseTask, Notification
from vigilance.cases.services.notifications import notification_send

DIGEST_LARGEST = 50
DEADLINE_BATCH = 2000


def digest_send(*, user: User) -> bool:
    """E-mail the person one digest of their unread notifications not yet e-mailed.

    The rows are locked (others skip them) and marked in the same transaction as the sending: a
    mail that fails leaves them unmarked, for the next run; two workers never send the same ones.
    """
    if not user.is_active or not user.email:
        return False
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(user=user, read_at__isnull=True, emailed_at__isnull=True)
            .order_by("-created_at", "-id")
        )
        if not pending:
            return False
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "user": user,
                "notifications": pending[:DIGEST_LARGEST],
                "more": max(0, len(pending) - DIGEST_LARGEST),
                "count": len(pending),
                "home_url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("cases:home"),
            }
            subject = render_to_string("cases/email/digest_subject.txt", context).strip()
            body = render_to_string("cases/email/digest_body.txt", context)
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[item.pk for item in pending]).update(
            emailed_at=timezone.now()
        )
    return True


def digests_send() -> int:
    """One digest to each person who has unread notifications not yet e-mailed; how many sent."""
    user_ids = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk"):
        sent += digest_send(user=user)
    if sent:
        with transaction.atomic():
            audit_record(
                actor=None,
                actor_label="job:send_daily_digests",
                action="notification.digests_sent",
                details={"count": sent},
            )
    return sent


def _in_language(message: Promise, params: dict[str, Any]) -> str:
    """A lazy message with its placeholders, rendered in the language active when read."""
    return lazy(lambda: str(message) % params, str)()


def _task_anchor(task: CaseTask) -> str:
    return f"#task-{task.pk}"


def _tasks_due_notify(tasks: list[CaseTask], today: dt.date) -> int:
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    told = Notification.objects.filter(
        created_at__gte=start_of_day,
        user_id__in={task.assignee_id for task in tasks},
        url__contains="#task-",
    ).values_list("user_id", "url")
    told_anchors = {(user_id, "#" + url.rsplit("#", 1)[-1]) for user_id, url in told}
    sent = 0
    for task in tasks:
        assert task.assignee is not None
        anchor = _task_anchor(task)
        if (task.assignee_id, anchor) in told_anchors:
            continue
        case = task.case
        if task.due_date == today:
            message = gettext_lazy("Task due today on case %(number)s: %(title)s")
        else:
            message = gettext_lazy("Overdue task on case %(number)s: %(title)s")
        with translation.override(task.assignee.language or settings.LANGUAGE_CODE):
            url = reverse("cases:case_detail", kwargs={"case_id": case.public_id}) + anchor
        notification_send(
            users=[task.assignee],
            message=_in_language(message, {"number": case.number, "title": task.title}),
            url=url,
        )
        sent += 1
    return sent


@transaction.atomic
def deadlines_notify(*, today: dt.date | None = None) -> int:
    """Tell each assignee of an open task due today or overdue, once per task and per day;
    how many were told."""
    today = today or timezone.localdate()
    due = (
        CaseTask.objects.filter(
            done_at__isnull=True,
            due_date__lte=today,
            assignee__isnull=False,
            assignee__is_active=True,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "assignee")
        .order_by("id")
    )
    sent, last_id = 0, 0
    while batch := list(due.filter(id__gt=last_id)[:DEADLINE_BATCH]):
        sent += _tasks_due_notify(batch, today)
        last_id = batch[-1].pk
    if sent:
        audit_record(
            actor=None,
            actor_label="job:notify_deadlines_due",
            action="case.deadlines_notified",
            details={"count": sent, "day": today.isoformat()},
        )
    return sent
