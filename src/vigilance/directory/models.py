"""Routing rules: which unit a new report goes to, and which others are informed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.core.models import Bilingual, OffenceCategory, Region


class RoutingAction(models.TextChoices):
    ASSIGN = "assign", _("Send to this unit")
    INFORM = "inform", _("Also inform this unit")


class RoutingRule(Bilingual):
    """category x region x amount -> unit. Empty conditions match everything.

    The first active ``assign`` rule in ``position`` order that matches gives the report its unit;
    every matching ``inform`` rule adds a unit that is told and may read the report. A rule with
    no condition at all is the default. Its ``name`` answers in the reader's language.
    """

    position = models.PositiveIntegerField(default=100, db_index=True)
    action = models.CharField(
        max_length=10, choices=RoutingAction.choices, default=RoutingAction.ASSIGN
    )
    category = models.ForeignKey(
        OffenceCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    min_amount = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Loss in XAF, at least."),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="routing_rules")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")

    @property
    def is_default(self) -> bool:
        return self.category_id is None and self.region_id is None and self.min_amount is None
