"""Reports from victims and witnesses, the identifiers they name and their public history."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigilance.core.models import Department, OffenceCategory, Region
from vigilance.evidence.models import Evidence


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    USSD = "ussd", _("USSD")
    SMS = "sms", _("SMS")
    COUNTER = "counter", _("At a counter")
    PHONE = "phone", _("By phone")


class ReporterType(models.TextChoices):
    PERSON = "person", _("A person")
    BUSINESS = "business", _("A business")
    PUBLIC_BODY = "public_body", _("A public body")


class ReporterRole(models.TextChoices):
    VICTIM = "victim", _("I am the victim")
    WITNESS = "witness", _("I witnessed it")
    THIRD_PARTY = "third_party", _("I report for someone else")


class LossChannel(models.TextChoices):
    MTN_MOMO = "mtn_momo", _("MTN Mobile Money")
    ORANGE_MONEY = "orange_money", _("Orange Money")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Bank card")
    CASH = "cash", _("Cash")
    CRYPTO = "crypto", _("Cryptocurrency")
    MONEY_TRANSFER = "money_transfer", _("Money transfer agency")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    """A report's status; labels have their own context, as French agrees them with
    "signalement"."""

    RECEIVED = "received", pgettext_lazy("report status", "Received")
    TRIAGED = "triaged", pgettext_lazy("report status", "Under review")
    IN_CASE = "in_case", pgettext_lazy("report status", "Under investigation")
    CLOSED = "closed", pgettext_lazy("report status", "Closed")
    DUPLICATE = "duplicate", pgettext_lazy("report status", "Merged with another report")
    REJECTED = "rejected", pgettext_lazy("report status", "Rejected")


class Outcome(models.TextChoices):
    """How a case ended, as the victim reads it."""

    OFFENDER_IDENTIFIED = "offender_identified", _("The offender was identified")
    FUNDS_RECOVERED = "funds_recovered", _("Funds were recovered or frozen")
    REFERRED_ABROAD = "referred_abroad", _("Referred to another country")
    NO_OFFENCE = "no_offence", _("No offence was found")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information to go further")
    VICTIM_WITHDREW = "victim_withdrew", _("The victim withdrew the complaint")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class ReferenceCounter(models.Model):
    """The last report number given in a year: references run VIG-YYYY-000001 upwards."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class Report(models.Model):
    reference = models.CharField(max_length=24, unique=True)
    tracking_code_hash = models.CharField(max_length=64)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=Language.choices)

    category = models.ForeignKey(OffenceCategory, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    incident_date = models.DateField(null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    is_anonymous = models.BooleanField(default=False)
    reporter_type = models.CharField(
        max_length=12, choices=ReporterType.choices, default=ReporterType.PERSON
    )
    reporter_role = models.CharField(
        max_length=12, choices=ReporterRole.choices, default=ReporterRole.VICTIM
    )
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_phone = models.CharField(max_length=20, blank=True)
    reporter_email = models.EmailField(blank=True)
    # When the reporter proved they hold the phone or e-mail above (a one-time code or a link):
    # only then, or for counter and partner filings, do their sightings count publicly.
    contact_verified_at = models.DateTimeField(null=True, blank=True)
    victim_is_minor = models.BooleanField(default=False)

    loss_amount = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)
    loss_currency = models.CharField(max_length=3, default="XAF")
    loss_channel = models.CharField(max_length=20, choices=LossChannel.choices, blank=True)
    loss_receipt = models.TextField(blank=True)

    consent_at = models.DateTimeField()
    consent_notice_version = models.CharField(max_length=20)
    # Set when the filing starts, so that what it counts before saving the report (the
    # identifiers' first and last sightings) bears the report's own time.
    submitted_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    filed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence: "models.ManyToManyField[Evidence, ReportEvidence]" = models.ManyToManyField(
        Evidence, through="ReportEvidence", related_name="reports", blank=True
    )
    confirmation_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the confirmation was delivered, or found to have no one to go to.",
    )
    confirmation_attempts = models.PositiveSmallIntegerField(default=0)
    # When the reporter was told a message from the investigators waits; cleared when they next
    # read their report, so that several messages before then make one notice, not a flood.
    message_notice_sent_at = models.DateTimeField(null=True, blank=True)

    # Routing and triage: the unit chosen by the rules (then by a triage officer), the rule that
    # matched, the units also informed, and the priority the triage queue is ordered by.
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    routing_rule = models.ForeignKey(
        "directory.RoutingRule", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    informed_units = models.ManyToManyField(
        "accounts.Unit", blank=True, related_name="informed_reports"
    )
    priority = models.PositiveSmallIntegerField(default=0)
    triaged_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    status_reason = models.TextField(
        blank=True, help_text="Why it was marked duplicate or abusive; staff only."
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="report_status_recent"),
            # The triage queue: reports still to qualify, most urgent first.
            models.Index(
                fields=["-priority", "submitted_at"],
                condition=models.Q(status="received"),
                name="report_triage_queue",
            ),
            models.Index(fields=["unit", "status", "-submitted_at"], name="report_unit_inbox"),
            # A unit's reports past triage, newest first: a narrow reader's search walks it.
            models.Index(
                fields=["unit", "-submitted_at"],
                condition=~models.Q(status="received"),
                name="report_unit_recent",
            ),
            # Only the few reports still waiting for their confirmation, for the periodic sweep.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(confirmation_sent_at__isnull=True),
                name="report_confirmation_pending",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(loss_amount__isnull=True) | models.Q(loss_amount__gte=0),
                name="report_loss_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class ReportEvidence(models.Model):
    """A file of a report. The same content is held once per report, whatever its name."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE)
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE)
    # The file's hash, copied here so that the database refuses the same content twice.
    sha256 = models.CharField(max_length=64)

    class Meta:
        db_table = "intake_report_evidence"
        unique_together = [("report", "evidence")]
        constraints = [
            models.UniqueConstraint(fields=["report", "sha256"], name="report_evidence_once")
        ]


class IdentifierRole(models.TextChoices):
    SUSPECT = "suspect", _("Used by the offender")
    VICTIM = "victim", _("The victim's own")
    OTHER = "other", _("Other")


class SightingSource(models.TextChoices):
    REPORTER = "reporter", _("Typed by the reporter")
    EXTRACTED = "extracted", _("Found in the narrative")
    ANALYST = "analyst", _("Added by an analyst")
    DERIVED = "derived", _("The site of a link or an address")


class Sighting(models.Model):
    """An identifier named in a report, normalised (see ``indicators.normalise``), and its link
    to the indicator it names.

    ``indicator`` is empty beyond the per-value cap and for values found in a narrative until an
    analyst confirms them: those are kept and shown, but do not link reports together.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identifiers")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sightings",
        db_index=False,  # covered by sighting_indicator_reporter
    )
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    raw_value = models.CharField(max_length=500)
    provider = models.CharField(max_length=40, blank=True)
    role = models.CharField(
        max_length=10, choices=IdentifierRole.choices, default=IdentifierRole.SUSPECT
    )
    source = models.CharField(
        max_length=10, choices=SightingSource.choices, default=SightingSource.REPORTER
    )
    # Counted in the indicator's figures (reporter-typed, or confirmed by an analyst).
    is_counted = models.BooleanField(default=True)
    # A keyed hash of who reported it, so that one person counts once per indicator.
    reporter_key = models.CharField(max_length=64, blank=True)
    # When the report named it; the month partitions the table on PostgreSQL (core/partitions).
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Covering: the reports naming an identifier are read from the index alone.
            models.Index(fields=["type", "value", "report"], name="sighting_identifier_report"),
            models.Index(fields=["indicator", "reporter_key"], name="sighting_indicator_reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


# The report ids an ``IdentifierReports`` row keeps: enough to show the triage queue's linked
# count exactly up to 1,000 other reports, and "1000+" beyond (``cases.selectors.linked``).
REPORT_IDS_KEPT = 1002


class IdentifierReports(models.Model):
    """The reports naming one identifier, kept beside the sightings in the same transaction
    (``intake.identifier_reports``): every report id while there are at most
    ``REPORT_IDS_KEPT``, then ``REPORT_IDS_KEPT`` of them (the lowest when written in order),
    which is all a bounded count needs. One row per value, in one unpartitioned table: the
    triage queue reads it by ``(type, value)`` instead of probing every monthly partition of
    the sightings (docs/decisions/0037)."""

    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    report_ids = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "value"], name="identifier_reports_unique")
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.value} ({len(self.report_ids)})"


class ReportEvent(models.Model):
    """One entry of a report's history; public entries are what the reporter sees."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Report received")
        INFORMATION_ADDED = "information_added", _("Information added by the reporter")
        EVIDENCE_ADDED = "evidence_added", _("Evidence added by the reporter")
        IDENTITY_COMPLETED = "identity_completed", _("Anonymous tip turned into a complaint")
        CONTACT_VERIFIED = "contact_verified", _("Contact details confirmed by the reporter")
        STATUS_CHANGED = "status_changed", _("Status changed")
        TRANSFERRED = "transferred", _("Transferred to an agency")
        CLOSED = "closed", _("Closed")
        MESSAGE = "message", _("Message from the investigators")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    is_public = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency a report was transferred to, named in the reader's language.",
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    status = models.CharField(
        max_length=20,
        choices=ReportStatus.choices,
        blank=True,
        help_text="The status reached, for a status change.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ContactVerification(models.Model):
    """A one-time code sent to the reporter's phone, or a link to their e-mail, pending proof
    that they hold it. It proves only the number or address it was sent to (``contact``)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="contact_verifications"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    contact = models.CharField(max_length=254)
    # Named in the e-mail's signed link; the SMS code is kept only as a keyed hash.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["report", "channel", "-created_at"], name="contact_verification_recent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.channel}"
