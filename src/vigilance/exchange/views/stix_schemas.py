"""The JSON schemas of the platform's new STIX observable types, at the address their
extension definitions give (``/taxii2/schemas/<type>.json``), readable by anyone."""

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(public=True, max_age=86400)
def stix_schema(request: HttpRequest, observable_type: str) -> JsonResponse:
    # Imported here: stix2 (about 10 MB) is never loaded by a worker that serves no schema.
    from vigilance.exchange.stix.extensions import NEW_OBSERVABLE_TYPES, schema_document

    for kind in NEW_OBSERVABLE_TYPES:
        if kind.type == observable_type:
            return JsonResponse(schema_document(kind), content_type="application/schema+json")
    raise Http404
