"""Amounts in FCFA as people write them, and what a victim's follow page says of the money
held for them (the follow page sits in an app below this one: it asks through a tag)."""

from django import template

from vigilance.intake.models import Report
from vigilance.requisitions.selectors import freezes as selectors

register = template.Library()


@register.filter
def fcfa(amount: int | None) -> str:
    """30000 → "30 000" (a narrow no-break space between thousands)."""
    return f"{int(amount or 0):,}".replace(",", "\u202f")


@register.simple_tag
def money_held_for(report: Report) -> dict[str, int]:
    """{"held": …, "returned": …} in FCFA on the case of the report; zero when none."""
    held, returned = selectors.report_amounts(report=report)
    return {"held": held, "returned": returned}
