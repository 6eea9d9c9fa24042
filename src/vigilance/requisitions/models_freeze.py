"""Wallet freezes: the golden hour after a mobile-money fraud, and the money trail.

A freeze asks the issuer of the wallet (or account) that received the victim's money to hold
it. The issuer answers held (with the amount), insufficient funds, already withdrawn, or moved
on to another wallet; "moved on" opens the next freeze down the trail, linked by ``parent``.
A held amount is later released or returned to the victim, on an authority's order.

A freeze may be proposed from a report before any case exists (``report``, no ``case``, no
drafter: the platform proposed it at the report's arrival or triage); it joins the case the
report enters.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.cases.models import Case
from vigilance.intake.models import Report

# Who may be asked to freeze: those who keep wallets and accounts.
ISSUER_KINDS = (
    OrganisationKind.MOBILE_MONEY,
    OrganisationKind.BANK,
    OrganisationKind.TELECOM_OPERATOR,
)


class FreezeStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a supervisor's approval")
    SENT = "sent", _("Sent to the issuer")
    HELD = "held", _("Funds held")
    INSUFFICIENT_FUNDS = "insufficient_funds", _("Insufficient funds")
    ALREADY_WITHDRAWN = "already_withdrawn", _("Already withdrawn")
    MOVED_ON = "moved_on", _("Moved on to another account")
    RELEASED = "released", _("Released")
    RETURNED = "returned", _("Returned to the victim")


# Waiting for the issuer's answer.
FREEZE_OPEN_STATUSES = (FreezeStatus.SENT,)


class FreezeRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=24, unique=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="freeze_requests"
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="freeze_requests",
        help_text="The report it was proposed from, before or without a case.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The freeze whose money moved on to this account: the money trail.",
    )
    issuer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="freeze_requests"
    )
    account_type = models.CharField(max_length=20, default="momo_account")
    account = models.CharField(max_length=120, help_text="The receiving account, normalised.")
    sender_account = models.CharField(max_length=120, blank=True)
    transaction_reference = models.CharField(max_length=80, blank=True)
    transaction_at = models.DateTimeField(null=True, blank=True)
    amount_asked = models.PositiveBigIntegerField(help_text="XAF.")
    amount_held = models.PositiveBigIntegerField(null=True, blank=True)
    amount_returned = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=FreezeStatus.choices)
    deadline = models.DateTimeField(null=True, blank=True, help_text="Set when it is sent.")
    ordering_authority = models.CharField(
        max_length=200, blank=True, help_text="Who ordered the release or the return."
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the platform proposed it from a report.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    # Set in the transaction that sends the reminder (or the escalation): never sent twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("freeze request")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_asked__gt=0), name="freeze_amount_asked_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_held__isnull=True) | Q(amount_held__lte=F("amount_asked")),
                name="freeze_held_within_asked",
            ),
            models.CheckConstraint(
                condition=Q(amount_returned__isnull=True)
                | (Q(amount_held__isnull=False) & Q(amount_returned__lte=F("amount_held"))),
                name="freeze_returned_within_held",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="freeze_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(report__isnull=False),
                name="freeze_of_a_case_or_report",
            ),
            # A report proposes one freeze per receiving account, however often it is triaged.
            models.UniqueConstraint(
                fields=["report", "account"],
                condition=Q(report__isnull=False, parent__isnull=True),
                name="freeze_proposed_once",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "status"], name="freeze_desk"),
            models.Index(fields=["status", "deadline"], name="freeze_due"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in FREEZE_OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()


class ArrivalAwaitingFreeze(models.Model):
    """A report whose arrival calls for a freeze proposal not made yet: written in the filing's
    own transaction, deleted in the one that makes the proposal (decision 0046). A report
    acknowledged is thus proposed even if the job meant to do it is lost."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    arrived_at = models.DateTimeField(default=timezone.now)
    # Failed proposals: the batches leave them to their own retries.
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.report_id)
