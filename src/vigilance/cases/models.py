"""Cases: the unit of investigative work, grouping reports, with tasks, notes and a timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigilance.accounts.models import Organisation, Unit
from vigilance.core.tlp import TLP_MAX_LENGTH, Tlp
from vigilance.intake.models import Outcome, Report


class CaseStatus(models.TextChoices):
    """A case's status; labels have their own context, as French agrees them with "affaire"."""

    OPEN = "open", pgettext_lazy("case status", "Open")
    INVESTIGATING = "investigating", pgettext_lazy("case status", "Investigating")
    AWAITING_THIRD_PARTY = (
        "awaiting_third_party",
        pgettext_lazy("case status", "Awaiting a third party"),
    )
    REFERRED_TO_PROSECUTOR = (
        "referred_to_prosecutor",
        pgettext_lazy("case status", "Referred to the prosecutor"),
    )
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class CasePriority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=24, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    owning_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    status = models.CharField(max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    priority = models.PositiveSmallIntegerField(
        choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices, default=Tlp.AMBER)
    reports: "models.ManyToManyField[Report, CaseReport]" = models.ManyToManyField(
        Report, through="CaseReport", related_name="cases"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["owning_unit", "status", "-opened_at"], name="case_unit_status"),
            models.Index(fields=["status", "-priority", "-opened_at"], name="case_status_priority"),
            # The case list's order (newest first by id, its keyset key) within a unit or a
            # status: the page is an index walk stopped by its LIMIT (docs/decisions/0037).
            models.Index(fields=["owning_unit", "-id"], name="case_unit_newest"),
            models.Index(fields=["status", "-id"], name="case_status_newest"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseReport(models.Model):
    """A report inside a case; a report belongs to at most one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_reports")
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="case_link")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            # A case's reports by when they joined: those of a unit's cases filed since a moment.
            models.Index(fields=["case", "added_at"], name="case_report_case_added"),
        ]


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]
        indexes = [
            models.Index(
                fields=["assignee", "due_date"],
                condition=models.Q(done_at__isnull=True),
                name="case_task_open_by_assignee",
            )
        ]


class CaseNote(models.Model):
    """An internal note: staff only, never shown to the victim."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class CaseEvent(models.Model):
    """One line of the case's timeline: everything that happened to it, in order."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        REPORT_ATTACHED = "report_attached", _("Report attached")
        STATUS_CHANGED = "status_changed", _("Status changed")
        REOPENED = "reopened", _("Case reopened")
        LEAD_CHANGED = "lead_changed", _("Lead changed")
        UNIT_CHANGED = "unit_changed", _("Owning unit changed")
        PRIORITY_CHANGED = "priority_changed", _("Priority or TLP changed")
        TASK_ADDED = "task_added", _("Task added")
        TASK_DONE = "task_done", _("Task done")
        NOTE_ADDED = "note_added", _("Note added")
        SHARED = "shared", _("Shared")
        SHARE_REVOKED = "share_revoked", _("Sharing revoked")
        LINKED = "linked", _("Linked to another case")
        MESSAGE_SENT = "message_sent", _("Message sent to the victim")
        EXPORTED = "exported", _("Case file exported")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class CaseShare(models.Model):
    """Access to a case given to a unit, a whole organisation or one person, with a reason and an
    expiry. Exactly one of unit, organisation and user is set.

    A share always grants reading; the owner chooses whether it also lets the recipient add notes
    and tasks, download evidence or export the case file. It never lets them share further."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300)
    may_contribute = models.BooleanField(_("may add notes and tasks"), default=False)
    may_download_evidence = models.BooleanField(_("may download evidence"), default=False)
    may_export_case_file = models.BooleanField(_("may export the case file"), default=False)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=False, organisation__isnull=True, user__isnull=True)
                    | models.Q(unit__isnull=True, organisation__isnull=False, user__isnull=True)
                    | models.Q(unit__isnull=True, organisation__isnull=True, user__isnull=False)
                ),
                name="case_share_one_recipient",
            )
        ]

    @property
    def rights(self) -> list[str]:
        """What the share grants beyond reading, by the names the API and the audit trail use."""
        granted = {
            "contribute": self.may_contribute,
            "download_evidence": self.may_download_evidence,
            "export_case_file": self.may_export_case_file,
        }
        return [name for name, given in granted.items() if given]


class CaseLink(models.Model):
    """Two cases that belong together (same offender, same wave); stored once, read both ways."""

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="case_link_once"),
            models.CheckConstraint(
                condition=~models.Q(from_case=models.F("to_case")), name="case_link_not_self"
            ),
        ]


class Notification(models.Model):
    """Something a person should know, shown in the workspace and gathered in the daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]


class AccessRequest(models.Model):
    """A person asks the owners of a report they may not see (found in a cluster) for access.

    Recorded and told to the owners; never granted by itself: the owners share the case, or not.
    One pending request per person and report.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_requests"
    )
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="access_requests")
    # The case the report was in, and the unit that owned it, when the request was made.
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_requests"
    )
    owning_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "report"],
                condition=models.Q(answered_at__isnull=True),
                name="access_request_one_pending",
            )
        ]
