"""Public pages: the home page with the latest alerts, the list of alerts, each alert at its
stable bilingual address, and its picture. Everything works without JavaScript."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from vigilance.alerts.forms.alerts import PublicFilterForm
from vigilance.alerts.markdown import render_markdown
from vigilance.alerts.models import AlertStatus
from vigilance.alerts.selectors import alerts as selectors
from vigilance.core.errors import NotFound

NAV = "alerts"
PICTURE_MAX_AGE = 24 * 3600


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The platform's home page, with the latest published alerts."""
    context = {"nav": "home", "latest_alerts": selectors.latest_public_alerts()}
    return render(request, "alerts/home.html", context)


@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    category = region = ""
    if form.is_bound and form.is_valid():
        category = form.cleaned_data["category"].code if form.cleaned_data["category"] else ""
        region = form.cleaned_data["region"].code if form.cleaned_data["region"] else ""
    page = selectors.public_alert_list(
        category=category, region=region, page=request.GET.get("page", 1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav": NAV,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "alerts/public/list.html", context, status=status)


@require_GET
def alert_short(request: HttpRequest, reference: str) -> HttpResponse:
    """``/alerts/<reference>/``: the reference alone leads to the alert's full address."""
    alert = selectors.public_alert_get(reference=reference)
    return HttpResponsePermanentRedirect(selectors.alert_public_url(alert))


@require_GET
def alert_detail(request: HttpRequest, reference: str, slug: str) -> HttpResponse:
    alert = selectors.public_alert_get(reference=reference)
    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    if slug != alert.in_language("slug", language):
        return HttpResponsePermanentRedirect(selectors.alert_public_url(alert, language))
    other = "fr" if language == "en" else "en"
    context = {
        "alert": alert,
        "body": render_markdown(alert.in_language("body", language)),
        "is_withdrawn": alert.status == AlertStatus.WITHDRAWN,
        "canonical": request.build_absolute_uri(selectors.alert_public_url(alert, language)),
        "alternates": {
            language: request.build_absolute_uri(selectors.alert_public_url(alert, language)),
            other: request.build_absolute_uri(selectors.alert_public_url(alert, other)),
        },
        "picture_url": (
            request.build_absolute_uri(selectors.alert_picture_url(alert))
            if alert.has_picture
            else ""
        ),
        "nav": NAV,
    }
    return render(request, "alerts/public/detail.html", context)


@require_GET
def alert_picture(request: HttpRequest, reference: str) -> HttpResponse:
    alert = selectors.public_alert_get(reference=reference)
    if not alert.has_picture or alert.picture is None:
        raise NotFound
    etag = f'"{alert.picture_sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(bytes(alert.picture), content_type=alert.picture_type)
        response["Content-Length"] = str(len(response.content))
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    changed = alert.updated_at or alert.published_at
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    patch_cache_control(response, public=True, max_age=PICTURE_MAX_AGE)
    return response
