"""MISP feeds for partners' MISP instances: ``/misp/feeds/<collection>/manifest.json``,
``/<event uuid>.json`` and ``/hashes.csv``.

The key comes in the ``Authorization`` header the partner configures on the feed (bare, Bearer
or Basic); a missing or wrong key is a 401, a collection the partner may not read the same 404
as one that does not exist. Each key has its own rate limit; every read is audited.
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.accounts.models import ApiKey
from vigilance.accounts.permissions import Permission
from vigilance.core.errors import NotFound, error_body
from vigilance.core.ratelimit import RateLimited, check_limit
from vigilance.exchange.access import collection_for, partner_key
from vigilance.exchange.misp.services import misp_event_downloaded, misp_feed_read
from vigilance.exchange.models import ExchangeCollection

# The feed itself (``exchange.misp.feed``) is imported in each view that reads it: it builds on
# pymisp, about 20 MB that a worker serving no MISP feed never loads.

JSON = "application/json"
FeedView = Callable[..., HttpResponseBase]


def _error(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse(error_body(code, message), status=status)
    response["Cache-Control"] = "no-store"
    return response


def _not_found() -> JsonResponse:
    return _error(404, "not_found", _("There is no such feed or event."))


def feed_view(view: FeedView) -> Callable[..., HttpResponseBase]:
    """The partner's key, its rate limit and the collection it may read, before ``view``."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, collection_id: str, **kwargs: Any) -> HttpResponseBase:
        api_key = partner_key(request)
        if api_key is None:
            response = _error(
                401,
                "unauthorised",
                _("Give a valid API key with the exchange permission in the Authorization header."),
            )
            response["WWW-Authenticate"] = 'Bearer realm="misp"'
            return response
        try:
            check_limit(
                group="misp-feed", key=f"key:{api_key.prefix}", rate=settings.RATE_MISP_FEED_PER_KEY
            )
        except RateLimited as limited:
            response = _error(429, "rate_limited", _("Too many requests: try again later."))
            response["Retry-After"] = str(limited.retry_after)
            return response
        collection = collection_for(api_key.organisation, collection_id)
        if collection is None:
            return _not_found()
        return view(request, api_key, collection, **kwargs)

    return wrapped


def _validated(request: HttpRequest, etag: str, last_modified: float | None) -> HttpResponse | None:
    """A 304 when the partner's copy (If-None-Match) is the current one."""
    sent = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in sent or "*" in sent:
        response = HttpResponse(status=304)
        _stamp(response, etag, last_modified)
        return response
    return None


def _stamp(response: HttpResponseBase, etag: str, last_modified: float | None) -> None:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"


@feed_view
def manifest(
    request: HttpRequest, api_key: ApiKey, collection: ExchangeCollection
) -> HttpResponseBase:
    from vigilance.exchange.misp.feed import feed_events, feed_manifest, hashes_signature

    summaries = feed_events(collection)
    body = json.dumps(feed_manifest(collection, summaries), ensure_ascii=False)
    # The counts too: two identifiers confirmed in the same second leave the timestamps alike.
    digest = hashlib.sha256(f"{body}{hashes_signature(collection, summaries)}".encode())
    etag = f'"{digest.hexdigest()[:32]}"'
    last_modified = max((s.timestamp.timestamp() for s in summaries), default=None)
    misp_feed_read(api_key=api_key, collection=collection, file="manifest.json")
    response = _validated(request, etag, last_modified) or HttpResponse(body, content_type=JSON)
    _stamp(response, etag, last_modified)
    return response


@feed_view
def event(
    request: HttpRequest, api_key: ApiKey, collection: ExchangeCollection, event_id: uuid.UUID
) -> HttpResponseBase:
    from vigilance.exchange.misp.feed import event_file, event_signature, feed_event_find

    summary = feed_event_find(collection, str(event_id))
    if summary is None:
        return _not_found()
    misp_feed_read(api_key=api_key, collection=collection, file=f"{summary.uuid}.json")
    etag = f'"{event_signature(collection, summary)}"'
    last_modified = summary.timestamp.timestamp()
    response = _validated(request, etag, last_modified) or StreamingHttpResponse(
        event_file(collection, summary), content_type=JSON
    )
    _stamp(response, etag, last_modified)
    return response


@feed_view
def hashes(
    request: HttpRequest, api_key: ApiKey, collection: ExchangeCollection
) -> HttpResponseBase:
    from vigilance.exchange.misp.feed import feed_events, hashes_file, hashes_signature

    summaries = feed_events(collection)
    misp_feed_read(api_key=api_key, collection=collection, file="hashes.csv")
    etag = f'"{hashes_signature(collection, summaries)}"'
    last_modified = max((s.timestamp.timestamp() for s in summaries), default=None)
    response = _validated(request, etag, last_modified) or StreamingHttpResponse(
        hashes_file(collection, summaries), content_type="text/csv; charset=utf-8"
    )
    _stamp(response, etag, last_modified)
    return response


# The gate is typed for pages (HttpResponse); this one streams a download.
@staff_required(Permission.MANAGE_EXCHANGE)  # type: ignore[arg-type]
@require_safe
def staff_event_download(request: HttpRequest, collection_slug: str, day: str) -> HttpResponseBase:
    """A supervisor downloads one day's event of a collection, as a file MISP imports."""
    from vigilance.exchange.misp.feed import event_file, feed_event_of_day

    try:
        found = feed_event_of_day(collection_slug, dt.date.fromisoformat(day))
    except ValueError:
        found = None
    if found is None:
        raise NotFound
    collection, summary = found
    misp_event_downloaded(actor=signed_in_user(request), collection=collection, event=summary.uuid)
    response = StreamingHttpResponse(event_file(collection, summary), content_type=JSON)
    response["Content-Disposition"] = (
        f'attachment; filename="misp-{collection.slug}-{summary.day.isoformat()}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response
