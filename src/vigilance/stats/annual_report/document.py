"""The annual report as a document: its HTML in French then English, and the signed PDF.

The charts are the dashboards' (``stats.charts``), inlined as SVG, which WeasyPrint draws; the
tables beside them carry the same numbers.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from vigilance.core.documents import pdf_from_html
from vigilance.stats import charts
from vigilance.stats.annual_report.figures import (
    AnnualFigures,
    channel_label,
    medium_label,
    outcome_label,
)
from vigilance.stats.forms.open_data import month_parse
from vigilance.stats.selectors.open_data import ATTRIBUTION, LICENCE_NAME, LICENCE_URL, OpenData
from vigilance.stats.suppression import SMALLEST_SHOWN, Published

TEMPLATE = "stats/annual/report.html"
SIGNATURE_REASON = "Rapport annuel / Annual report"
LANGUAGES = ("fr", "en")
DOUALA = ZoneInfo("Africa/Douala")


def _shown(value: Published) -> int:
    return value if isinstance(value, int) else 0


def _number(value: float) -> str:
    return formats.number_format(round(value), force_grouping=True)


def _monthly(data: OpenData) -> list[int]:
    found = {row.key[0]: _shown(row.reports) for row in data.rows}
    return [found.get(f"{data.month_from.year}-{month:02d}", 0) for month in range(1, 13)]


def _rows(data: OpenData, language: str) -> list[dict[str, object]]:
    dimension = data.by[0]
    rows = []
    for row in data.rows:
        if dimension == "month":
            month = month_parse(row.key[0])
            label = formats.date_format(month, "YEAR_MONTH_FORMAT") if month else row.key[0]
        else:
            label = data.name(dimension, row.key[0], language)
        rows.append({"label": label, "row": row})
    return rows


def _version(figures: AnnualFigures, language: str) -> dict[str, object]:
    """Everything one language's half of the report shows, in that language."""
    with translation.override(language):
        months = [dt.date(figures.year, month, 1) for month in range(1, 13)]
        region_rows = sorted(
            _rows(figures.by_region, language),
            key=lambda item: -_shown(item["row"].reports),  # type: ignore[attr-defined]
        )
        category_rows = sorted(
            _rows(figures.by_category, language),
            key=lambda item: -_shown(item["row"].reports),  # type: ignore[attr-defined]
        )
        drawn = [
            charts.month_lines(
                key=f"{language}-chart-months",
                title=_("Reports received per month, %(year)s and %(previous)s")
                % {"year": figures.year, "previous": figures.year - 1},
                description=_("Excluding cells under 5; the dashed line is the year before."),
                months=months,
                series=[
                    (str(figures.year), _monthly(figures.by_month)),
                    (str(figures.year - 1), _monthly(figures.previous_by_month)),
                ],
                formatter=_number,
            ),
            charts.bars(
                key=f"{language}-chart-regions",
                title=_("Reports by region"),
                description=_("Excluding cells under 5."),
                rows=[(str(item["label"]), _shown(item["row"].reports)) for item in region_rows],  # type: ignore[attr-defined]
                formatter=_number,
            ),
            charts.bars(
                key=f"{language}-chart-categories",
                title=_("The ten kinds of offence most reported"),
                description=_("Excluding cells under 5."),
                rows=[
                    (str(item["label"]), _shown(item["row"].reports))  # type: ignore[attr-defined]
                    for item in category_rows[:10]
                ],
                formatter=_number,
            ),
        ]
        return {
            "language": language,
            "html": render_to_string(
                "stats/annual/_version.html",
                {
                    "figures": figures,
                    "charts": drawn,
                    "months": _rows(figures.by_month, language),
                    "regions": region_rows,
                    "categories": category_rows,
                    "channels": [(channel_label(code), value) for code, value in figures.channels],
                    "outcomes": [(outcome_label(code), value) for code, value in figures.outcomes],
                    "awareness": None
                    if figures.awareness is None
                    else [
                        (medium_label(row.medium), row.runs, row.audience)
                        for row in figures.awareness
                    ],
                    "smallest_shown": SMALLEST_SHOWN,
                    "licence_name": LICENCE_NAME,
                    "licence_url": LICENCE_URL,
                    "attribution": ATTRIBUTION,
                    "generated_at": figures.generated_at.astimezone(DOUALA),
                },
            ),
        }


def annual_report_html(figures: AnnualFigures) -> str:
    """The whole report: a bilingual cover, then the French version, then the English one."""
    versions = [_version(figures, language) for language in LANGUAGES]
    with translation.override("fr"):
        return render_to_string(TEMPLATE, {"figures": figures, "versions": versions})


def annual_report_pdf(figures: AnnualFigures) -> bytes:
    """The report signed by the platform's certificate (PAdES)."""
    from vigilance.core.signing import sign_pdf

    return sign_pdf(pdf_from_html(annual_report_html(figures)), reason=SIGNATURE_REASON)
