"""The TAXII 2.1 endpoints (sections 4 and 5): discovery, API root, collections, objects,
one object, its versions, and the manifest. Read-only: partners cannot write.

Every answer is ``application/taxii+json;version=2.1``; every refusal is the specification's
error message in the caller's language (``Accept-Language``, English or French). A partner's
key is checked, then its rate, then the collection through ``exchange.access`` (an unknown and
an unreadable collection answer the same 404). Each read of objects is audited.
"""

import json
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from vigilance.accounts.models import ApiKey
from vigilance.core.ratelimit import RateLimited, check_limit
from vigilance.exchange.access import collection_for, collections_for, partner_key
from vigilance.exchange.models import ExchangeCollection
from vigilance.exchange.selectors.collections import (
    ObjectPage,
    collection_holds_object,
    collection_object_page,
)
from vigilance.exchange.services.collections import collection_read_record
from vigilance.exchange.taxii import errors
from vigilance.exchange.taxii.errors import TaxiiError
from vigilance.exchange.taxii.filters import ObjectFilter, cursor_sign, object_filter
from vigilance.exchange.taxii.media import (
    STIX_MEDIA_TYPE,
    TAXII_MEDIA_TYPE,
    accepts_taxii,
    taxii_timestamp,
)

Answer = HttpResponse | StreamingHttpResponse
Endpoint = Callable[..., Answer]
LANGUAGES = ("en", "fr")
OBJECT_FILTERS = frozenset({"id", "type", "version", "spec_version"})
ONE_OBJECT_FILTERS = frozenset({"version", "spec_version"})
VERSIONS_FILTERS = frozenset({"spec_version"})
CHUNK_CHARACTERS = 64 * 1024


def _language(request: HttpRequest) -> str:
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def taxii_endpoint(*, writes_refused: tuple[str, ...] = ()) -> Callable[[Endpoint], Endpoint]:
    """Language, method, ``Accept``, key and rate, in that order, around a GET endpoint.

    ``writes_refused`` are the methods the specification defines on the resource (POST objects,
    DELETE an object): they answer 403, since no collection here can be written; any other
    method answers 405.
    """

    def decorate(view: Endpoint) -> Endpoint:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Answer:
            language = _language(request)
            with translation.override(language):
                response = _answer(view, request, *args, **kwargs)
            response["Content-Language"] = language
            return response

        return wrapped

    def _answer(view: Endpoint, request: HttpRequest, *args: Any, **kwargs: Any) -> Answer:
        try:
            if request.method not in ("GET", *writes_refused):
                allowed = ", ".join(("GET", *writes_refused))
                raise errors.method_not_allowed(allowed)
            if not accepts_taxii(request.headers.get("Accept", "")):
                raise errors.not_acceptable()
            api_key = partner_key(request)
            if api_key is None:
                raise errors.unauthorised()
            try:
                check_limit(
                    group="taxii",
                    key=f"key:{api_key.prefix}",
                    rate=settings.RATE_TAXII_PER_KEY,
                )
            except RateLimited as limited:
                raise errors.rate_limited(limited.retry_after) from None
            return view(request, api_key, *args, **kwargs)
        except TaxiiError as error:
            return errors.error_response(error)

    return decorate


def _json(body: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type=TAXII_MEDIA_TYPE)


def _api_root_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("exchange_taxii:api_root"))


def _collection(api_key: ApiKey, collection_id: str) -> ExchangeCollection:
    collection = collection_for(api_key.organisation, collection_id)
    if collection is None:
        raise errors.collection_not_found()
    return collection


def _collection_resource(collection: ExchangeCollection) -> dict[str, Any]:
    english = translation.get_language() == "en"
    return {
        "id": str(collection.pk),
        "title": collection.title_en if english else collection.title_fr,
        "description": collection.description_en if english else collection.description_fr,
        "alias": collection.slug,
        "can_read": True,
        "can_write": False,
        "media_types": [STIX_MEDIA_TYPE],
    }


def _filters(request: HttpRequest, allow: frozenset[str]) -> ObjectFilter:
    query = {name: request.GET.get(name, "") for name in request.GET}
    return object_filter(query, ceiling=settings.TAXII_PAGE_MAX, allow=allow)


def _page_head(page: ObjectPage) -> dict[str, Any]:
    head: dict[str, Any] = {"more": page.more}
    if (cursor := page.next) is not None:
        head["next"] = cursor_sign(cursor)
    return head


def _dated(response: Answer, page: ObjectPage) -> None:
    if page.rows:
        response["X-TAXII-Date-Added-First"] = taxii_timestamp(page.rows[0].date_added)
        response["X-TAXII-Date-Added-Last"] = taxii_timestamp(page.rows[-1].date_added)


def _envelope(page: ObjectPage) -> StreamingHttpResponse:
    """The objects as stored: their JSON text is never parsed again, only joined, and sent in
    pieces of about 64 KiB (one small write per object would stall on the network)."""

    def chunks() -> Iterator[str]:
        head = json.dumps(_page_head(page))
        if not page.rows:
            yield head
            return
        piece = [head[:-1], ', "objects": [']
        size = 0
        for number, row in enumerate(page.rows):
            piece.append(("," if number else "") + row.body)
            size += len(row.body)
            if size >= CHUNK_CHARACTERS:
                yield "".join(piece)
                piece, size = [], 0
        piece.append("]}")
        yield "".join(piece)

    response = StreamingHttpResponse(chunks(), content_type=TAXII_MEDIA_TYPE)
    _dated(response, page)
    return response


def _record(
    api_key: ApiKey,
    collection: ExchangeCollection,
    endpoint: str,
    page: ObjectPage,
    filters: ObjectFilter,
) -> None:
    collection_read_record(
        api_key=api_key,
        collection=collection,
        endpoint=endpoint,
        count=len(page.rows),
        filters=filters.described,
    )


@taxii_endpoint()
def discovery(request: HttpRequest, api_key: ApiKey) -> HttpResponse:
    root = _api_root_url(request)
    return _json(
        {
            "title": _("Vigilance: indicators of cybercrime shared by Cameroon"),
            "description": _(
                "The indicators the national platform against cybercrime shares with its "
                "partners, by TLP 2.0 marking."
            ),
            "contact": settings.TAXII_CONTACT,
            "default": root,
            "api_roots": [root],
        }
    )


@taxii_endpoint()
def api_root(request: HttpRequest, api_key: ApiKey) -> HttpResponse:
    return _json(
        {
            "title": _("Confirmed fraud indicators"),
            "description": _("The collections of the platform, one per marking and audience."),
            "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        }
    )


@taxii_endpoint()
def collections(request: HttpRequest, api_key: ApiKey) -> HttpResponse:
    readable = collections_for(api_key.organisation).order_by("slug")
    return _json({"collections": [_collection_resource(each) for each in readable]})


@taxii_endpoint()
def collection(request: HttpRequest, api_key: ApiKey, collection_id: str) -> HttpResponse:
    return _json(_collection_resource(_collection(api_key, collection_id)))


@taxii_endpoint(writes_refused=("POST",))
def objects(request: HttpRequest, api_key: ApiKey, collection_id: str) -> Answer:
    found = _collection(api_key, collection_id)
    if request.method == "POST":
        raise errors.read_only()
    filters = _filters(request, OBJECT_FILTERS)
    page = collection_object_page(collection=found, filters=filters)
    _record(api_key, found, "objects", page, filters)
    return _envelope(page)


@taxii_endpoint(writes_refused=("DELETE",))
def one_object(request: HttpRequest, api_key: ApiKey, collection_id: str, object_id: str) -> Answer:
    found = _collection(api_key, collection_id)
    if not collection_holds_object(collection=found, stix_id=object_id):
        raise errors.object_not_found()
    if request.method == "DELETE":
        raise errors.read_only()
    filters = _filters(request, ONE_OBJECT_FILTERS)
    page = collection_object_page(collection=found, filters=filters, stix_id=object_id)
    _record(api_key, found, "object", page, filters)
    return _envelope(page)


@taxii_endpoint()
def versions(
    request: HttpRequest, api_key: ApiKey, collection_id: str, object_id: str
) -> HttpResponse:
    found = _collection(api_key, collection_id)
    if not collection_holds_object(collection=found, stix_id=object_id):
        raise errors.object_not_found()
    filters = _filters(request, VERSIONS_FILTERS)
    page = collection_object_page(
        collection=found, filters=filters, stix_id=object_id, versions=False, with_body=False
    )
    _record(api_key, found, "versions", page, filters)
    body = _page_head(page)
    if page.rows:
        body["versions"] = [taxii_timestamp(row.version) for row in page.rows]
    response = _json(body)
    _dated(response, page)
    return response


@taxii_endpoint()
def manifest(request: HttpRequest, api_key: ApiKey, collection_id: str) -> HttpResponse:
    found = _collection(api_key, collection_id)
    filters = _filters(request, OBJECT_FILTERS)
    page = collection_object_page(collection=found, filters=filters, with_body=False)
    _record(api_key, found, "manifest", page, filters)
    body = _page_head(page)
    if page.rows:
        body["objects"] = [
            {
                "id": row.stix_id,
                "date_added": taxii_timestamp(row.date_added),
                "version": taxii_timestamp(row.version),
                "media_type": STIX_MEDIA_TYPE,
            }
            for row in page.rows
        ]
    response = _json(body)
    _dated(response, page)
    return response


@taxii_endpoint()
def not_found(request: HttpRequest, api_key: ApiKey, rest: str = "") -> HttpResponse:
    raise errors.resource_not_found()
