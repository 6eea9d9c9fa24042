"""Reads of alerts for pages, feeds and the API, through ``alerts.access``."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, override

from vigilance.accounts.models import User
from vigilance.alerts import access
from vigilance.alerts.models import Alert, AlertStatus, AlertVersion
from vigilance.core.errors import NotFound
from vigilance.indicators.public_notices import PublicNotice

PAGE_SIZE = 20
HOME_COUNT = 3


def _language(language: str | None = None) -> str:
    return "en" if (language or get_language() or "fr").startswith("en") else "fr"


def alert_public_url(alert: Alert, language: str | None = None) -> str:
    """The alert's stable address in ``language`` (the active one by default)."""
    language = _language(language)
    with override(language):
        return reverse(
            "alerts:detail",
            kwargs={"reference": alert.reference, "slug": alert.in_language("slug", language)},
        )


def _listed(queryset: QuerySet[Alert]) -> QuerySet[Alert]:
    return queryset.select_related("category").defer("picture", "body_fr", "body_en")


def public_alert_list(*, category: str = "", region: str = "", page: str | int = 1) -> Page:
    """Published public alerts, newest first, optionally of one category or concerning one
    region (an alert for the whole country concerns every region)."""
    alerts = access.published_public_alerts()
    if category:
        alerts = alerts.filter(category_id=category)
    if region:
        nationwide = access.published_public_alerts().filter(regions__isnull=True)
        alerts = alerts.filter(regions__code=region) | alerts.filter(pk__in=nationwide)
    alerts = _listed(alerts).prefetch_related("regions").order_by("-published_at", "-pk")
    return Paginator(alerts, PAGE_SIZE).get_page(page)


def latest_public_alerts(count: int = HOME_COUNT) -> list[Alert]:
    """The home page's latest alerts: one query."""
    return list(
        access.published_public_alerts()
        .only(
            "reference",
            "slug_fr",
            "slug_en",
            "title_fr",
            "title_en",
            "summary_fr",
            "summary_en",
            "severity",
            "published_at",
            "updated_at",
        )
        .order_by("-published_at", "-pk")[:count]
    )


def public_alert_get(*, reference: str) -> Alert:
    """A public alert, published or withdrawn; NotFound for any other."""
    try:
        return (
            access.public_alerts()
            .select_related("category")
            .prefetch_related("regions")
            .get(reference=reference)
        )
    except Alert.DoesNotExist as error:
        raise NotFound from error


def feed_alerts(count: int = 30) -> list[Alert]:
    return list(
        access.published_public_alerts()
        .select_related("category")
        .defer("picture")
        .order_by("-published_at", "-pk")[:count]
    )


def author_alert_list(*, user: User, status: str = "", page: str | int = 1) -> Page:
    alerts = access.alerts_for_authors(user)
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    alerts = _listed(alerts).select_related("drafted_by").order_by("-created_at", "-pk")
    return Paginator(alerts, PAGE_SIZE).get_page(page)


def alert_versions(alert: Alert) -> list[AlertVersion]:
    return list(alert.versions.select_related("published_by").order_by("-number"))


def partner_alert_list(*, user: User, page: str | int = 1) -> Page:
    alerts = _listed(access.partner_alerts_visible_to(user)).order_by("-published_at", "-pk")
    return Paginator(alerts, PAGE_SIZE).get_page(page)


def partner_alert_get(*, user: User, reference: str) -> Alert:
    try:
        return access.partner_alerts_visible_to(user).get(reference=reference)
    except Alert.DoesNotExist as error:
        raise NotFound from error


def alert_notices(type: str, value: str) -> list[PublicNotice]:
    """The published public alerts naming this normalised value, for the public check: one
    query on the (type, value) index."""
    alerts = (
        access.published_public_alerts()
        .filter(identifiers__type=type, identifiers__value=value)
        .only("reference", "slug_fr", "slug_en", "title_fr", "title_en", "published_at")
        .order_by("-published_at")[:5]
    )
    return [
        PublicNotice(
            title=alert.title, url=alert_public_url(alert), published_at=alert.published_at
        )
        for alert in alerts
    ]


def alert_picture_url(alert: Alert) -> str:
    """The picture's address; the hash in the query makes a changed picture a new address for
    caches, while the path stays the same."""
    path = reverse("alerts:picture", kwargs={"reference": alert.reference})
    return f"{path}?v={alert.picture_sha256[:12]}"
