"""Requisitions to partners, the legal bases they cite, and their timeline."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.cases.models import Case
from vigilance.core.models import Bilingual
from vigilance.evidence.models import Evidence

# The organisations a requisition may be addressed to: partners, never agencies.
ADDRESSEE_KINDS = (
    OrganisationKind.TELECOM_OPERATOR,
    OrganisationKind.MOBILE_MONEY,
    OrganisationKind.BANK,
    OrganisationKind.PRIVATE_PARTNER,
    OrganisationKind.INTERNET_PROVIDER,
    OrganisationKind.HOST,
    OrganisationKind.REGISTRAR,
    OrganisationKind.PLATFORM,
)


class RequisitionKind(models.TextChoices):
    SUBSCRIBER_IDENTITY = "subscriber_identity", _("Subscriber identity and SIM registration")
    CALL_RECORDS = "call_records", _("Call and SMS records")
    MOBILE_MONEY_HISTORY = "mobile_money_history", _("Mobile-money transaction history")
    CONNECTION_LOGS = "connection_logs", _("IP and connection logs")
    ACCOUNT_OWNER = "account_owner", _("Owner of a link or profile")
    PRESERVATION = "preservation", _("Preservation of data")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class RequisitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


# Waiting for the partner: these may become overdue; the others are settled or not yet sent.
OPEN_STATUSES = (RequisitionStatus.SENT, RequisitionStatus.ACKNOWLEDGED)


class LegalBasis(Bilingual):
    """A text a requisition may cite; editable reference data."""

    code = models.SlugField(max_length=60, unique=True)
    needs_magistrate = models.BooleanField(
        default=False, help_text="True when the law reserves this requisition to a magistrate."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")


class Requisition(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=24, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="requisitions")
    addressee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requisitions"
    )
    kind = models.CharField(max_length=30, choices=RequisitionKind.choices)
    identifiers = models.JSONField(
        default=list, help_text="The case's identifiers concerned: [{type, value}], normalised."
    )
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        max_length=20, choices=RequisitionStatus.choices, default=RequisitionStatus.DRAFT
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
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set in the transaction that sends the reminder (or the escalation): never sent twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    answer_text = models.TextField(blank=True)
    answer_items = models.JSONField(
        default=list, blank=True, help_text="Identifiers the partner found: [{type, value}]."
    )
    refusal_reason = models.TextField(blank=True)
    answer_files = models.ManyToManyField(Evidence, blank=True, related_name="requisition_answers")
    pdf_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the signed PDF, once it is issued."
    )
    grounds = models.TextField(
        blank=True, help_text="The drafter's written grounds, read by the authorising magistrate."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("requisition")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="requisition_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_from__lte=F("period_to")),
                name="requisition_period_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["addressee", "status"], name="requisition_desk"),
            # The desk and the overdue list read the open ones, a few among millions answered.
            models.Index(
                fields=["addressee", "-urgency", "deadline", "id"],
                condition=Q(status__in=["sent", "acknowledged"]),
                name="requisition_open_by_addressee",
            ),
            models.Index(
                fields=["deadline", "id"],
                condition=Q(status__in=["sent", "acknowledged"]),
                name="requisition_open_by_deadline",
            ),
            models.Index(
                fields=["addressee", "-closed_at", "-id"],
                condition=Q(closed_at__isnull=False),
                name="requisition_closed_recent",
            ),
            models.Index(fields=["status", "deadline"], name="requisition_due"),
            models.Index(fields=["sent_at"], name="requisition_sent_at"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.deadline is not None
            and self.deadline < timezone.now()
        )

    @property
    def is_closed(self) -> bool:
        return self.status in (RequisitionStatus.ANSWERED, RequisitionStatus.REFUSED)


class PartnerWebhook(models.Model):
    """Where a partner's system hears of the requisitions sent to its organisation.

    The secret signs each event (HMAC-SHA256); it is needed in clear to sign, so it is stored
    encrypted with the evidence keys, never in clear."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="requisition_webhook"
    )
    url = models.URLField(max_length=500)
    secret_encrypted = models.BinaryField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner webhook")

    def __str__(self) -> str:
        return f"{self.organisation.code}: {self.url}"


class AnswerIdentifier(models.Model):
    """An identifier a partner's answer named (the subscriber's other numbers, the IPs): an
    identifier of the case, marked as coming from that answer.

    Kept apart from ``intake.Sighting``, which is a report's naming of a value: a sighting is
    shown to its reporter, printed on receipts and counted on indicators, and an answer is none
    of these. An answer never creates or counts an indicator, so the public check, its tallies
    and the confirmed-fraud lists cannot learn a value known only from an answer; staff see it
    correlated with the reports naming the same (type, value), read through the sightings'
    index (``selectors.answers``).
    """

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="found_identifiers"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "type", "value"], name="answer_identifier_once"
            )
        ]
        indexes = [
            models.Index(fields=["case", "type", "value"], name="answer_identifier_case"),
            models.Index(fields=["type", "value"], name="answer_identifier_value"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


class RequisitionEvent(models.Model):
    """One step of a requisition's life, shown on its timeline."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        APPROVED = "approved", _("Approved and sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the partner")
        ANSWERED = "answered", _("Answered by the partner")
        REFUSED = "refused", _("Refused by the partner")
        REMINDED = "reminded", _("Partner reminded of the deadline")
        ESCALATED = "escalated", _("Deadline passed: supervisors alerted")
        AUTHORISED = "authorised", _("Magistrate's authorisation recorded")

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


from vigilance.requisitions.models_abroad import (  # noqa: E402, F401
    ForeignRequest,
    ForeignRequestStatus,
)


class MagistrateAuthorisation(models.Model):
    """The prosecutor's office's authorisation that a requisition citing a legal basis reserved
    to a magistrate needs before a supervisor may send it: given on the platform by a magistrate
    (``authorised_by``), or recorded from the paper by a supervisor, with the scanned document."""

    requisition = models.OneToOneField(
        Requisition, on_delete=models.CASCADE, related_name="magistrate_authorisation"
    )
    magistrate = models.CharField(max_length=200, help_text="Name and office of the magistrate.")
    number = models.CharField(max_length=60, blank=True)
    issued_on = models.DateField()
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("magistrate's authorisation")
        constraints = [
            # On the platform the magistrate signs; on paper, the scan is the proof.
            models.CheckConstraint(
                condition=Q(authorised_by__isnull=False) | Q(document__isnull=False),
                name="magistrate_authorisation_proven",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requisition_id}: {self.magistrate}"


from vigilance.requisitions.models_freeze import (  # noqa: E402, F401  (one app, two modules)
    ArrivalAwaitingFreeze,
    FreezeRequest,
    FreezeStatus,
)
from vigilance.requisitions.models_takedown import (  # noqa: E402, F401
    TakedownRequest,
    TakedownStatus,
)
