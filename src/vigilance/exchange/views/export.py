"""The staff download of the full STIX export (``/<lang>/staff/exchange/export/``): a page
to choose the marking, then the bundle streamed as a file."""

from typing import cast

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vigilance.accounts.decorators import signed_in_user, staff_required
from vigilance.core.errors import InvalidAction, NotFound
from vigilance.exchange.services.export import EXPORT_TLPS, can_export, export_start


@require_GET
@staff_required()
def export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_export(user):
        raise NotFound
    context = {"tlps": EXPORT_TLPS, "error": ""}
    if "tlp" not in request.GET:
        return render(request, "exchange/export.html", context)
    try:
        pieces = export_start(actor=user, tlp=request.GET["tlp"], via="staff page")
    except InvalidAction as error:
        return render(
            request, "exchange/export.html", {**context, "error": error.message}, status=400
        )
    response = StreamingHttpResponse(pieces, content_type="application/stix+json;version=2.1")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    name = f"vigilance-stix-{request.GET['tlp'].lower().replace(':', '-')}-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # ``staff_required`` types its views as returning HttpResponse; a stream is served alike.
    return cast(HttpResponse, response)
