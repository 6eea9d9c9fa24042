"""What the signed-in person's home page shows: their tasks, the cases they lead, their unit's
inbox, their unread notifications and the size of the triage queue, each bounded.

Every list goes through ``cases.access``; counts stop at ``COUNT_CAP`` (a LIMIT, not a COUNT over
a whole table), and are shown as "50+" beyond it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils import timezone

from vigilance.accounts.models import User
from vigilance.accounts.permissions import Permission, can
from vigilance.cases import access
from vigilance.cases.models import Case, CaseStatus, CaseTask, Notification
from vigilance.intake.models import Report, ReportStatus

SHOWN = 10
COUNT_CAP = 50
NOTIFICATIONS_PER_PAGE = 50


@dataclass(frozen=True)
class BoundedCount:
    """A count that stops at ``cap``: ``50+`` rather than the exact number."""

    value: int
    is_capped: bool
    cap: int = COUNT_CAP

    def __str__(self) -> str:
        return f"{self.cap}+" if self.is_capped else str(self.value)


@dataclass(frozen=True)
class TaskLine:
    task: CaseTask
    is_overdue: bool
    is_due_today: bool


@dataclass
class Dashboard:
    tasks: list[TaskLine] = field(default_factory=list)
    tasks_count: BoundedCount | None = None
    led_cases: list[Case] = field(default_factory=list)
    inbox: list[Report] = field(default_factory=list)
    inbox_count: BoundedCount | None = None
    notifications: list[Notification] = field(default_factory=list)
    notifications_count: BoundedCount = field(default_factory=lambda: BoundedCount(0, False))
    triage_count: BoundedCount | None = None


def bounded_count(queryset: QuerySet[Any], cap: int | None = None) -> BoundedCount:
    """At most ``cap + 1`` rows read (``COUNT_CAP`` by default): ``SELECT COUNT(*) FROM
    (... LIMIT 51)``."""
    cap = COUNT_CAP if cap is None else cap
    value = queryset.order_by().values("pk")[: cap + 1].count()
    return BoundedCount(value=min(value, cap), is_capped=value > cap, cap=cap)


def tasks_open_for(user: User) -> QuerySet[CaseTask]:
    """The person's tasks not done, on open cases they can still see, soonest due first."""
    return (
        CaseTask.objects.filter(
            assignee=user, done_at__isnull=True, case__in=access.cases_visible_to(user)
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def notifications_unread_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True).order_by("-created_at")


def notifications_page(*, user: User, page: int | str = 1) -> Page[Notification]:
    """All the person's notifications, newest first (theirs alone: no one else's is reachable)."""
    notifications = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page)


def unit_inbox_for(user: User) -> QuerySet[Report]:
    """Reports routed to the person's unit and waiting to be taken up (status ``triaged``)."""
    if user.unit_id is None:
        return Report.objects.none()
    return (
        access.reports_visible_to(user)
        .filter(unit_id=user.unit_id, status=ReportStatus.TRIAGED)
        .select_related("category", "region")
        .order_by("-submitted_at")
    )


def dashboard_for(*, user: User) -> Dashboard:
    """The sections of the home page the person's roles allow, each a few rows."""
    today = timezone.localdate()
    board = Dashboard()
    unread = notifications_unread_for(user)
    board.notifications = list(unread[:SHOWN])
    board.notifications_count = bounded_count(unread)
    if can(user, Permission.VIEW_TRIAGE_QUEUE):
        queue = access.reports_visible_to(user).filter(status=ReportStatus.RECEIVED)
        board.triage_count = bounded_count(queue)
    if can(user, Permission.VIEW_CASES):
        inbox = unit_inbox_for(user)
        board.inbox = list(inbox[:SHOWN])
        board.inbox_count = bounded_count(inbox)
    if can(user, Permission.WORK_CASE):
        tasks = tasks_open_for(user)
        board.tasks = [
            TaskLine(
                task=task,
                is_overdue=task.due_date is not None and task.due_date < today,
                is_due_today=task.due_date == today,
            )
            for task in tasks[:SHOWN]
        ]
        board.tasks_count = bounded_count(tasks)
        board.led_cases = list(
            access.cases_visible_to(user)
            .filter(lead=user)
            .exclude(status=CaseStatus.CLOSED)
            .select_related("owning_unit__organisation")
            .order_by("-priority", "-opened_at")[:SHOWN]
        )
    return board
