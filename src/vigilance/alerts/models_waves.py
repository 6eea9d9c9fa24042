"""Scam waves found by the periodic detection, each with the evidence an editor needs to judge it
and the draft alert it proposed.

The references of the linked reports are case content: only people who read cases are shown
them, and only those of reports within their need-to-know (``alerts.access_waves``).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.alerts.models import Alert
from vigilance.core.models import OffenceCategory, Region
from vigilance.indicators.normalise import display


class WaveKind(models.TextChoices):
    INDICATOR = "indicator", _("Identifier named in many reports")
    REGION = "region", _("Offence rising in a region")
    LOOKUP = "lookup", _("Value checked often, never reported")


class WaveStatus(models.TextChoices):
    NEW = "new", _("New finding")
    DRAFTED = "drafted", _("Draft alert proposed")
    DISMISSED = "dismissed", _("Dismissed by staff")


class WaveFinding(models.Model):
    """One wave on one subject, found on ``window_day`` (at most one per subject and day, so the
    job running again, or a dismissed finding, never makes a second one that day)."""

    kind = models.CharField(max_length=10, choices=WaveKind.choices)
    # "type:value" of an identifier, or "category:region": what makes two findings the same.
    subject_key = models.CharField(max_length=600)
    indicator_type = models.CharField(max_length=20, blank=True)
    indicator_value = models.CharField(max_length=500, blank=True)
    category = models.ForeignKey(
        OffenceCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window_end = models.DateTimeField(help_text="End of the counted period (an hour boundary).")
    window_day = models.DateField(help_text="The local day of window_end.")
    recent_count = models.PositiveIntegerField(
        help_text="Reports in the last 24 hours, or checks in the last days for a look-up wave."
    )
    baseline_mean = models.FloatField(default=0.0, help_text="Mean per day over the baseline.")
    series = models.JSONField(default=list, help_text="Counts per day, oldest first.")
    report_references = models.JSONField(
        default=list, help_text="References of some linked reports: staff who read cases only."
    )
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.NEW)
    alert = models.ForeignKey(
        Alert, on_delete=models.SET_NULL, null=True, blank=True, related_name="wave_findings"
    )
    detected_at = models.DateTimeField(auto_now_add=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("scam wave")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "window_day"], name="wave_finding_once_a_day"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | models.Q(dismissed_at__isnull=False),
                name="wave_finding_dismissal_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "subject_key", "-window_day"], name="wave_finding_subject")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_key}"

    @property
    def shown_value(self) -> str:
        """The identifier as people read it (a phone number spaced, a link defanged)."""
        return display(self.indicator_type, self.indicator_value) if self.indicator_value else ""

    def days(self) -> list[tuple[dt.date, int]]:
        """Each count of the series with the (local) day it ends on, oldest first."""
        last = len(self.series) - 1
        if self.kind == WaveKind.LOOKUP:
            return [
                (self.window_day - dt.timedelta(days=last - index), count)
                for index, count in enumerate(self.series)
            ]
        end = self.window_end - dt.timedelta(microseconds=1)
        return [
            (timezone.localdate(end - dt.timedelta(days=last - index)), count)
            for index, count in enumerate(self.series)
        ]
