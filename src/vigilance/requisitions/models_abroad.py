"""Requests abroad: mutual legal assistance to a foreign authority, preservation requests to a
foreign platform, and requests through the INTERPOL bureau.

The foreign addressee is an organisation of the directory or, when it is not there, a name
and an ISO country code. The investigator records each step the foreign side takes (they
have no desk here): acknowledged, answered with the documents received (kept as evidence of
the case), refused, or no answer.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation, OrganisationKind
from vigilance.cases.models import Case
from vigilance.evidence.models import Evidence

FOREIGN_ADDRESSEE_KINDS = (
    OrganisationKind.FOREIGN_AUTHORITY,
    OrganisationKind.INTERNATIONAL,
    OrganisationKind.PLATFORM,
)


class ForeignRequestKind(models.TextChoices):
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance", _("Mutual legal assistance")
    PRESERVATION = "preservation", _("Preservation of data by a foreign platform")
    INTERPOL = "interpol", _("Request through INTERPOL")


class ForeignRequestStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a supervisor's approval")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")


FOREIGN_OPEN_STATUSES = (ForeignRequestStatus.SENT, ForeignRequestStatus.ACKNOWLEDGED)


class ForeignRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=24, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="foreign_requests")
    kind = models.CharField(max_length=30, choices=ForeignRequestKind.choices)
    addressee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    addressee_name = models.CharField(
        max_length=200, blank=True, help_text="When the addressee is not in the directory."
    )
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    legal_basis = models.CharField(max_length=40, help_text="A code of foreign_legal_bases.json.")
    asked = models.TextField(help_text="What is asked.")
    identifiers = models.JSONField(default=list, help_text="[{type, value}], normalised.")
    status = models.CharField(
        max_length=20,
        choices=ForeignRequestStatus.choices,
        default=ForeignRequestStatus.AWAITING_APPROVAL,
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
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True, help_text="The answer's summary or the refusal.")
    documents = models.ManyToManyField(Evidence, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request abroad")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="foreign_request_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(addressee__isnull=False) | ~Q(addressee_name=""),
                name="foreign_request_has_addressee",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def addressee_shown(self) -> str:
        return str(self.addressee) if self.addressee_id else self.addressee_name

    @property
    def is_open(self) -> bool:
        return self.status in FOREIGN_OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < timezone.now()
