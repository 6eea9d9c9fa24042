"""Indicators: one row per normalised identifier, its analysts' status and its history.

A report's mention of an indicator is a ``Sighting`` (in ``intake``, which sits above this app);
the counters kept here let the public check answer in one index look-up.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigilance.core.tlp import TLP_MAX_LENGTH, Tlp


class IndicatorStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    CONFIRMED_FRAUD = "confirmed_fraud", _("Confirmed fraud")
    FALSE_POSITIVE = "false_positive", _("False positive")
    DISPUTED = "disputed", _("Disputed")


class Indicator(models.Model):
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    provider = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=IndicatorStatus.choices, default=IndicatorStatus.UNVERIFIED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices, default=Tlp.AMBER)
    # Counted sightings: typed by reporters, added or confirmed by analysts.
    report_count = models.PositiveIntegerField(default=0)
    reporter_count = models.PositiveIntegerField(default=0)
    # What the public check counts: distinct reporters who cannot be multiplied for free
    # (verified contact, counter or phone filing) naming it as the offender's
    # (docs/decisions/0006-public-status.md).
    verified_reporter_count = models.PositiveIntegerField(default=0, db_default=0)
    categories = models.JSONField(default=list, blank=True)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    # On the warning list: kept and counted, but never links reports together.
    is_warning_listed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "value"], name="indicator_unique_type_value")
        ]
        # The partners' list (confirmed fraud, changes since a date) and analysts' status filter.
        indexes = [models.Index(fields=["status", "last_seen"], name="indicator_status_seen")]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


class VerifiedReporter(models.Model):
    """One verified reporter who named an indicator as the offender's: counted once, however
    often they report it or their report is counted again."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="verified_reporters"
    )
    # The keyed hash of the reporter's contact (or of the report, at a counter without one).
    reporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "reporter_key"], name="verified_reporter_unique"
            )
        ]


class IndicatorStatusChange(models.Model):
    """One decision of an analyst (or the dispute process) on an indicator; never rewritten."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="status_changes"
    )
    previous_status = models.CharField(max_length=20, choices=IndicatorStatus.choices)
    status = models.CharField(max_length=20, choices=IndicatorStatus.choices)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class IndicatorTlpChange(models.Model):
    """One change of an indicator's TLP marking by an analyst, with the reason; never rewritten."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="tlp_changes")
    previous_tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices)
    tlp = models.CharField(max_length=TLP_MAX_LENGTH, choices=Tlp.choices)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class WarningListEntry(models.Model):
    """A value that never correlates: customer-care numbers, webmail domains, our own addresses.

    ``is_suffix`` entries match a domain and every domain under it.
    """

    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    is_suffix = models.BooleanField(default=False)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "value"], name="warning_list_unique_type_value")
        ]
        ordering = ["type", "value"]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


# Crockford's base32, as for tracking codes: no I, L, O or U, so it survives being read aloud.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_dispute_reference() -> str:
    """A fresh dispute reference, 40 random bits: ``CTS-7KQ2-M9XD``."""
    raw = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"CTS-{raw[:4]}-{raw[4:]}"


class Dispute(models.Model):
    """The owner of a number or account says it was wrongly reported; an analyst decides."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: marked as a false positive")
        REJECTED = "rejected", _("Rejected")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="disputes")
    # What the owner quotes when they call or write: "CTS-7KQ2-M9XD".
    reference = models.CharField(
        max_length=13, unique=True, editable=False, default=new_dispute_reference
    )
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200)
    statement = models.TextField()
    language = models.CharField(max_length=2, default="fr")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class LookupTally(models.Model):
    """How often a value was checked on one day. Nothing about who checked is kept."""

    day = models.DateField()
    type = models.CharField(max_length=20)
    value = models.CharField(max_length=500)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "type", "value"], name="lookup_tally_unique_day")
        ]
        indexes = [models.Index(fields=["type", "value"], name="lookup_tally_value")]
