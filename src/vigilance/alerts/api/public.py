"""Published alerts, for other sites and apps: ``GET /alerts`` and ``GET /alerts/{reference}``,
in the language of ``?lang`` or, without it, of the Accept-Language header."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import get_language, override
from ninja import Router, Schema

from vigilance.alerts.markdown import render_markdown
from vigilance.alerts.models import Alert
from vigilance.alerts.selectors import alerts as selectors
from vigilance.core.errors import ErrorOut
from vigilance.core.ratelimit import rate_limit

router = Router(tags=["alerts"])

Language = Literal["fr", "en"]


class AlertOut(Schema):
    reference: str
    language: str
    title: str
    summary: str
    severity: str
    severity_label: str
    category: str | None
    regions: list[str]
    status: str
    published_at: dt.datetime | None
    updated_at: dt.datetime | None
    url: str


class AlertDetailOut(AlertOut):
    body_markdown: str
    body_html: str
    withdrawn_at: dt.datetime | None
    withdrawal_reason: str
    identifiers: list[dict[str, str]]


class AlertPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[AlertOut]


def _language(lang: Language | None) -> str:
    chosen = lang or get_language() or "fr"
    return "en" if chosen.startswith("en") else "fr"


def _out(request: HttpRequest, alert: Alert, language: str) -> dict[str, object]:
    return {
        "reference": alert.reference,
        "language": language,
        "title": alert.in_language("title", language),
        "summary": alert.in_language("summary", language),
        "severity": alert.severity,
        "severity_label": str(alert.get_severity_display()),
        "category": alert.category_id,
        "regions": [region.code for region in alert.regions.all()],
        "status": alert.status,
        "published_at": alert.published_at,
        "updated_at": alert.updated_at,
        "url": request.build_absolute_uri(selectors.alert_public_url(alert, language)),
    }


@router.get(
    "/alerts",
    response={200: AlertPageOut, 422: ErrorOut, 429: ErrorOut},
    summary="Published public alerts, newest first",
    auth=None,
)
@rate_limit("alerts", per_ip="RATE_LOOKUP_PER_IP", overall="RATE_LOOKUP_GLOBAL")
def alert_list(
    request: HttpRequest,
    lang: Language | None = None,
    category: str = "",
    region: str = "",
    page: int = 1,
) -> dict[str, object]:
    language = _language(lang)
    with override(language):
        found = selectors.public_alert_list(category=category, region=region, page=page)
        return {
            "count": found.paginator.count,
            "page": found.number,
            "pages": found.paginator.num_pages,
            "items": [_out(request, alert, language) for alert in found.object_list],
        }


@router.get(
    "/alerts/{reference}",
    response={200: AlertDetailOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="One public alert (a withdrawn one says so)",
    auth=None,
)
@rate_limit("alerts", per_ip="RATE_LOOKUP_PER_IP", overall="RATE_LOOKUP_GLOBAL")
def alert_detail(
    request: HttpRequest, reference: str, lang: Language | None = None
) -> dict[str, object]:
    language = _language(lang)
    with override(language):
        alert = selectors.public_alert_get(reference=reference)
        body = alert.in_language("body", language)
        return {
            **_out(request, alert, language),
            "body_markdown": body,
            "body_html": render_markdown(body),
            "withdrawn_at": alert.withdrawn_at,
            "withdrawal_reason": alert.withdrawal_reason,
            "identifiers": [
                {"type": item.type, "value": item.value}
                for item in alert.identifiers.order_by("pk")
            ],
        }
