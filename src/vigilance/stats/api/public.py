"""``GET /api/v1/stats/reports``: open data, counts and amounts lost by month, region and
category, small cells suppressed (docs/decisions/0021-open-data-suppression.md).

Public, rate-limited like the other public endpoints, and cacheable: the figures change only
when the aggregates are refreshed. The CSV is byte for byte what the public page links to.
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router, Status

from vigilance.core.errors import ErrorOut, error_body
from vigilance.core.ratelimit import check_rate
from vigilance.core.replica import reads_from_replica
from vigilance.stats.forms.open_data import OpenDataQueryForm
from vigilance.stats.selectors.open_data import (
    OpenData,
    open_data_csv_bytes,
    open_data_get,
    open_data_json,
)
from vigilance.stats.services.open_data import open_data_export_record

router = Router(tags=["statistics"])

CACHE_CONTROL = "public, max-age=900"
CSV_TYPE = "text/csv; charset=utf-8"


def open_data_check_rate(request: HttpRequest) -> None:
    check_rate(
        request,
        group="open_data",
        per_ip=settings.RATE_LOOKUP_PER_IP,
        overall=settings.RATE_LOOKUP_GLOBAL,
    )


def open_data_csv_response(data: OpenData) -> HttpResponse:
    """The CSV download, with its cache headers (the page's link answers with the same)."""
    body = open_data_csv_bytes(data)
    response = HttpResponse(body, content_type=CSV_TYPE)
    name = f"vigilance-reports-{data.month_from:%Y-%m}-{data.month_to:%Y-%m}-{'-'.join(data.by) or 'total'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _cacheable(response, body, data)


def _cacheable(response: HttpResponse, body: bytes, data: OpenData) -> HttpResponse:
    response["Cache-Control"] = CACHE_CONTROL
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Vary"] = "Accept, Accept-Language"
    if data.refreshed_at is not None:
        response["Last-Modified"] = http_date(data.refreshed_at.timestamp())
    return response


def _wants_csv(request: HttpRequest, format: str) -> bool:
    if format:
        return format == "csv"
    return "text/csv" in request.headers.get("Accept", "")


@router.get(
    "/stats/reports",
    response={200: dict, 400: ErrorOut, 429: ErrorOut},
    summary="Open data: reports and losses by month, region and category",
    description=(
        "Counts of reports and amounts lost (XAF) for the months `from`..`to` (YYYY-MM, both "
        "included; default the last 12 months), grouped by `by` (`month`, `region`, "
        "`category`, several with commas). `format=csv` (or `Accept: text/csv`) answers CSV. "
        'A cell of fewer than 5 reports reads "<5", and so does its amount; totals add up the '
        "shown cells only (`cells_under_5` says how many each leaves out), so no hidden cell "
        "can be recovered by subtraction. Licence: ODC-By 1.0."
    ),
    auth=None,
)
@reads_from_replica
def open_data_reports(request: HttpRequest) -> HttpResponse | Status[ErrorOut]:
    open_data_check_rate(request)
    form = OpenDataQueryForm(request.GET)
    if not form.is_valid():
        fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        message = next(iter(fields.values()))[0] if fields else _("Check the months.")
        return Status(400, ErrorOut(**error_body("invalid", message, fields)))
    month_from, month_to = form.month_range()
    by = form.cleaned_data["by"]
    data = open_data_get(month_from=month_from, month_to=month_to, by=by)
    wants_csv = _wants_csv(request, form.cleaned_data["format"])
    user = request.user if request.user.is_authenticated else None
    open_data_export_record(
        actor=user,
        month_from=month_from,
        month_to=month_to,
        by=by,
        format="csv" if wants_csv else "json",
    )
    if wants_csv:
        return open_data_csv_response(data)
    method_url = request.build_absolute_uri(reverse("stats:statistics") + "#method")
    payload = open_data_json(data, method_url=method_url)
    body = json.dumps(payload, ensure_ascii=False).encode()
    return _cacheable(JsonResponse(payload, json_dumps_params={"ensure_ascii": False}), body, data)
