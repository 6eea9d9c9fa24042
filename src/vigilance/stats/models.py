"""Aggregates for dashboards, open data and the annual report: never a person or a reference.

Each table holds counts and sums per calendar month (``month`` is the month's first day, in
Africa/Douala) and a few dimensions. ``services.refresh.statistics_refresh`` replaces a month's
rows from the reports, cases, freezes and look-up tallies; pages and the API read only these
tables, so a page costs a few hundred rows whatever the number of reports.

A report's figures belong to the month it was received (its cohort): its triage, case opening,
closing and outcome count in that month too, whenever they happen. See
docs/decisions/0020-statistics-aggregates.md.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.core.models import OffenceCategory, Region


class Measure(models.TextChoices):
    """The durations measured from a report's arrival."""

    TRIAGE = "triage", _("Time to triage")
    CASE_OPEN = "case_open", _("Time to open a case")
    CASE_CLOSE = "case_close", _("Time to close the case")


def _unique_with_optional_unit(fields: list[str], name: str) -> list[models.BaseConstraint]:
    """One row per dimensions, the unit being empty for reports not routed yet: NULLs differ in
    a plain unique constraint, so the empty unit gets its own partial one (SQLite and
    PostgreSQL alike)."""
    return [
        models.UniqueConstraint(
            fields=[*fields, "unit"], condition=Q(unit__isnull=False), name=f"{name}_unique"
        ),
        models.UniqueConstraint(
            fields=fields, condition=Q(unit__isnull=True), name=f"{name}_unique_unrouted"
        ),
    ]


class ReportMonthly(models.Model):
    """Reports received in a month, and the losses they declared in XAF."""

    month = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(OffenceCategory, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The unit the reports were routed to; empty before routing.",
    )
    reports = models.PositiveIntegerField()
    loss_reported_xaf = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = _unique_with_optional_unit(
            ["month", "region", "category", "channel"], "report_monthly"
        )
        indexes = [models.Index(fields=["month", "unit"], name="report_monthly_month_unit")]


class OutcomeMonthly(models.Model):
    """Reports received in a month that are closed, by outcome."""

    month = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(OffenceCategory, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=30)
    reports = models.PositiveIntegerField()

    class Meta:
        constraints = _unique_with_optional_unit(
            ["month", "region", "category", "outcome"], "outcome_monthly"
        )
        indexes = [models.Index(fields=["month", "unit"], name="outcome_monthly_month_unit")]


class DurationMonthly(models.Model):
    """How many reports of a month took a duration within each bucket (``stats.durations``),
    so that the median and the 90th percentile of any range and scope come from summed counts.

    Per unit only (no category or region): a few thousand rows a year, so that three years of
    the whole country sum in milliseconds.
    """

    month = models.DateField()
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure = models.CharField(max_length=12, choices=Measure.choices)
    bucket = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = _unique_with_optional_unit(["month", "measure", "bucket"], "duration_monthly")
        indexes = [models.Index(fields=["month", "unit"], name="duration_monthly_month_unit")]


class MoneyMonthly(models.Model):
    """Funds held and returned on the freezes asked in a month, in XAF.

    ``region`` is the region of the report the freeze came from (empty for a freeze further
    down a money trail, asked from a case); ``unit`` the report's unit, else the case's.
    """

    month = models.DateField()
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    freezes = models.PositiveIntegerField()
    held_xaf = models.PositiveBigIntegerField(default=0)
    returned_xaf = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month", "unit"], name="money_monthly_month_unit")]


class LookupMonthly(models.Model):
    """Public look-ups of a number, link or account in a month, by type of identifier."""

    month = models.DateField()
    type = models.CharField(max_length=20)
    lookups = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "type"], name="lookup_monthly_unique")
        ]


class RefreshWatermark(models.Model):
    """Where the last refresh stopped reading, and how many months were replaced since the
    start (``generation``), one row (``pk=1``).

    ``seen`` maps each source to ``[previous, latest]`` ids: the next refresh reads the rows
    after ``previous``, so a transaction that committed late, after an id above it was already
    seen, is still read once.
    """

    seen = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # One more each time a month is replaced: pages cache their figures under it.
    generation = models.PositiveBigIntegerField(default=0)
