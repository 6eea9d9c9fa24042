"""Reads of awareness content: published guides for the public, everything for editors, and the
campaign runs counted for the statistics."""

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from vigilance.alerts.models_guidance import Campaign, CampaignRun, Guide
from vigilance.core.errors import NotFound


def guide_list_published() -> QuerySet[Guide]:
    return Guide.objects.filter(is_published=True).order_by("-published_at")


def guide_get_published(*, slug: str) -> Guide:
    """A published guide; a draft or a missing one answers the same 404."""
    guide = guide_list_published().filter(slug=slug).first()
    if guide is None:
        raise NotFound
    return guide


def guide_list_for_editors() -> QuerySet[Guide]:
    return Guide.objects.order_by("-created_at")


def guide_get(*, slug: str) -> Guide:
    guide = Guide.objects.filter(slug=slug).first()
    if guide is None:
        raise NotFound
    return guide


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("theme").order_by("-starts_on", "slug")


def campaign_get(*, slug: str) -> Campaign:
    campaign = campaign_list().filter(slug=slug).first()
    if campaign is None:
        raise NotFound
    return campaign


def campaign_runs(*, campaign: Campaign) -> QuerySet[CampaignRun]:
    return campaign.runs.select_related("region").order_by("-held_on", "-id")


def campaign_run_counts(*, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    """Campaign runs held between the two dates (both included), by month and medium.

    Each row: ``month`` (the first day of the month, a date), ``medium`` (a
    ``CampaignMedium`` code), ``runs`` (how many) and ``audience`` (the sum of the estimates
    given, None when no run of the row has one). Ordered by month, then medium.
    """
    rows = (
        CampaignRun.objects.filter(held_on__gte=date_from, held_on__lte=date_to)
        .annotate(month=TruncMonth("held_on"))
        .values("month", "medium")
        .annotate(runs=Count("id"), audience=Sum("audience"))
        .order_by("month", "medium")
    )
    return [
        {
            "month": _as_date(row["month"]),
            "medium": row["medium"],
            "runs": int(row["runs"]),
            "audience": int(row["audience"]) if row["audience"] is not None else None,
        }
        for row in rows
    ]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
