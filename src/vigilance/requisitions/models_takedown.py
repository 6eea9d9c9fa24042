"""Takedown and blocking requests: asking a host, registrar, platform, internet provider or the
telecom regulator to remove or block a link, a domain, a profile, a number or a short code.

A request is drafted from a case or from the cluster of a report, cites the reports that justify
it, and leaves once a supervisor (never the drafter) approves it. One about child sexual abuse
is approved by the specialised unit and its link is shown in full only to that unit and to the
addressee's responders (``takedown_targets.shown_target``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, OrganisationKind, Unit
from vigilance.cases.models import Case
from vigilance.intake.models import Report

TAKEDOWN_ADDRESSEE_KINDS = (
    OrganisationKind.HOST,
    OrganisationKind.REGISTRAR,
    OrganisationKind.PLATFORM,
    OrganisationKind.INTERNET_PROVIDER,
    # Operators are the country's main internet providers: they block.
    OrganisationKind.TELECOM_OPERATOR,
    OrganisationKind.REGULATOR,
)


class TakedownAction(models.TextChoices):
    TAKE_DOWN = "take_down", _("Take down")
    BLOCK = "block", _("Block")


class TakedownTarget(models.TextChoices):
    URL = "url", _("Link (URL)")
    DOMAIN = "domain", _("Website or domain")
    SOCIAL_PROFILE = "social_profile", _("Social media profile")
    PHONE = "phone", _("Phone number")
    SHORT_CODE = "short_code", _("Short code")


class TakedownStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a supervisor's approval")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


TAKEDOWN_OPEN_STATUSES = (TakedownStatus.SENT, TakedownStatus.ACKNOWLEDGED)


class TakedownRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=24, unique=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="takedowns"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", help_text="The unit in charge."
    )
    cited_reports = models.ManyToManyField(Report, blank=True, related_name="+")
    addressee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=TakedownAction.choices)
    target_type = models.CharField(max_length=20, choices=TakedownTarget.choices)
    target = models.CharField(max_length=2000, help_text="Normalised.")
    justification = models.TextField()
    is_child_abuse = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=TakedownStatus.choices, default=TakedownStatus.AWAITING_APPROVAL
    )
    deadline = models.DateTimeField(null=True, blank=True, help_text="Set when it is sent.")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(
        null=True, blank=True, help_text="When the partner says it was taken down or blocked."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("takedown request")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="takedown_four_eyes",
            ),
        ]
        indexes = [models.Index(fields=["addressee", "status"], name="takedown_desk")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in TAKEDOWN_OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in (TakedownStatus.DONE, TakedownStatus.REFUSED)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()
