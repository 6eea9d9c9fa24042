"""The public statistics page: reports and amounts lost by month, region and category over a
range of months, small cells suppressed, with the method, the licence and the downloads.

A GET form: it works without JavaScript and its address can be shared. A range that cannot be
(reversed, in the future, not a month) answers 400 with the form kept and the reason.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigilance.core.replica import reads_from_replica
from vigilance.stats import charts
from vigilance.stats.api.public import open_data_check_rate
from vigilance.stats.charts import Chart
from vigilance.stats.forms.open_data import OpenDataRangeForm, month_parse
from vigilance.stats.selectors.open_data import (
    LICENCE_NAME,
    LICENCE_URL,
    OpenData,
    open_data_get,
)
from vigilance.stats.suppression import SMALLEST_SHOWN, Published

NAV = "statistics"
TEMPLATE = "stats/public/statistics.html"
API_PATH = "/api/v1/stats/reports"


def _download(data: OpenData, by: tuple[str, ...], format: str) -> str:
    query = {
        "from": f"{data.month_from:%Y-%m}",
        "to": f"{data.month_to:%Y-%m}",
        "by": ",".join(by),
        "format": format,
    }
    return f"{API_PATH}?{urlencode(query)}"


def _label(data: OpenData, dimension: str, code: str, language: str) -> str:
    if dimension == "month":
        month = month_parse(code)
        return formats.date_format(month, "YEAR_MONTH_FORMAT") if month else code
    return data.name(dimension, code, language)


def _table(data: OpenData, language: str) -> dict[str, object]:
    dimension = data.by[0]
    return {
        "dimension": dimension,
        "rows": [
            {"label": _label(data, dimension, row.key[0], language), "row": row}
            for row in data.rows
        ],
        "total": data.total,
        "csv": _download(data, data.by, "csv"),
        "json": _download(data, data.by, "json"),
    }


def _shown(value: Published) -> int:
    # A chart draws what the table publishes: "<5" is drawn as nothing.
    return value if isinstance(value, int) else 0


def _number(value: float) -> str:
    return formats.number_format(round(value), force_grouping=True)


def _charts(tables: dict[str, OpenData], language: str) -> list[Chart]:
    by_month = tables["month"]
    months = [month_parse(row.key[0]) for row in by_month.rows]
    found = [
        charts.month_lines(
            key="chart-months",
            title=_("Reports received per month, excluding cells under 5"),
            description=_("The figures of the table “By month”, as a line."),
            months=[month for month in months if month is not None],
            series=[(_("Reports"), [_shown(row.reports) for row in by_month.rows])],
            formatter=_number,
        )
    ]
    for dimension, title in (
        ("region", _("Reports by region, excluding cells under 5")),
        ("category", _("The ten kinds of offence most reported, excluding cells under 5")),
    ):
        data = tables[dimension]
        rows = sorted(
            (
                (_label(data, dimension, row.key[0], language), _shown(row.reports))
                for row in data.rows
            ),
            key=lambda pair: -pair[1],
        )[:10]
        found.append(
            charts.bars(
                key=f"chart-{dimension}",
                title=title,
                description=_("The figures of the table below, as bars, largest first."),
                rows=rows,
                formatter=_number,
            )
        )
    return found


@require_GET
@reads_from_replica
def statistics(request: HttpRequest) -> HttpResponse:
    open_data_check_rate(request)
    form = OpenDataRangeForm(request.GET)
    context: dict[str, object] = {
        "form": form,
        "nav": NAV,
        "smallest_shown": SMALLEST_SHOWN,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "api_path": API_PATH,
    }
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    month_from, month_to = form.month_range()
    language = get_language() or "fr"
    tables = {
        dimension: open_data_get(month_from=month_from, month_to=month_to, by=(dimension,))
        for dimension in ("month", "region", "category")
    }
    finest = ("month", "region", "category")
    context.update(
        {
            "month_from": month_from,
            "month_to": month_to,
            "refreshed_at": tables["month"].refreshed_at,
            "by_month": _table(tables["month"], language),
            "by_region": _table(tables["region"], language),
            "by_category": _table(tables["category"], language),
            "charts": _charts(tables, language),
            "finest_csv": _download(tables["month"], finest, "csv"),
            "page_url": reverse("stats:statistics"),
        }
    )
    return render(request, TEMPLATE, context)
