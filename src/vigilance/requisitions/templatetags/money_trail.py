"""Amounts in FCFA as people write them, the time left before a freeze's deadline in words, and what a victim's follow page says of the money
held for them (the follow page sits in an app below this one: it asks through a tag)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from vigilance.accounts.models import User
from vigilance.intake.models import Report
from vigilance.requisitions.models import FreezeRequest
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


def duration_words(delta: dt.timedelta) -> str:
    """A span as a responder reads it at a glance: "2 h 14 min", "3 d 5 h", "14 min"."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("less than a minute")


@register.filter
def time_left(deadline: dt.datetime | None) -> str:
    """Words for the time until ``deadline`` (or since it, once passed), from now."""
    if deadline is None:
        return ""
    return duration_words(deadline - timezone.now())


@register.simple_tag
def freezes_of_report(report: Report, user: User) -> list[FreezeRequest]:
    """The freezes proposed from the report that the user may see (the staff report page)."""
    return selectors.freezes_of_report(user=user, report=report)
