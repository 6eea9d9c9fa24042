"""The open statistics: reports and amounts lost by month, region and category, small cells
suppressed (``stats.suppression``), for the public page, the API and the annual report alike.

Figures come from the monthly aggregates only and change only when a refresh replaces a month,
so an answer is cached under the refreshes' generation. The CSV and JSON carry codes and both
languages' names, so the same question gives the same bytes on the page and in the API.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from vigilance.core.models import OffenceCategory, Region
from vigilance.stats.models import RefreshWatermark
from vigilance.stats.selectors.dashboard import report_counts, statistics_generation
from vigilance.stats.suppression import (
    SMALLEST_SHOWN,
    Cell,
    Published,
    Row,
    dimensions_ordered,
    published_rows,
    published_total,
)

LICENCE_NAME = "Open Data Commons Attribution License (ODC-By) 1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/by/1-0/"
ATTRIBUTION = "Vigilance, plateforme nationale de lutte contre la cybercriminalité (Cameroun)"
CACHE_SECONDS = 6 * 3600
TOTAL = "total"


@dataclass(frozen=True)
class Names:
    """A code with its names in both languages."""

    code: str
    name_fr: str
    name_en: str


@dataclass(frozen=True)
class OpenData:
    """The answer to one question: the rows grouped as asked, the total, and when the figures
    were last refreshed."""

    month_from: dt.date
    month_to: dt.date
    by: tuple[str, ...]
    rows: list[Row]
    total: Row
    refreshed_at: dt.datetime | None
    regions: dict[str, Names]
    categories: dict[str, Names]
    generation: str = ""

    def name(self, dimension: str, code: str, language: str) -> str:
        """How a key reads on a page in ``language``."""
        table = {"region": self.regions, "category": self.categories}.get(dimension)
        if table is None or code not in table:
            return code
        names = table[code]
        return names.name_en if language.startswith("en") else names.name_fr


def open_data_refreshed_at() -> dt.datetime | None:
    watermark = RefreshWatermark.objects.filter(pk=1).first()
    return watermark.refreshed_at if watermark is not None else None


def open_data_cells(*, month_from: dt.date, month_to: dt.date) -> list[Cell]:
    """The finest published grid, the channels and units added up."""
    grouped = report_counts(
        month_from=month_from, month_to=month_to, by=("month", "region", "category")
    )
    return [
        Cell(
            month=row["month"],
            region=row["region"],
            category=row["category"],
            reports=row["reports"],
            loss_xaf=row["loss_reported_xaf"],
        )
        for row in grouped
    ]


def _names() -> tuple[dict[str, Names], dict[str, Names]]:
    regions = {
        code: Names(code, fr, en)
        for code, fr, en in Region.objects.values_list("code", "name_fr", "name_en")
    }
    categories = {
        code: Names(code, fr, en)
        for code, fr, en in OffenceCategory.objects.values_list("code", "name_fr", "name_en")
    }
    return regions, categories


def _cells_cached(month_from: dt.date, month_to: dt.date, stamp: str) -> list[Cell]:
    # One read of the aggregates serves every grouping of the same months (a page asks three).
    key = f"stats:open_data:cells:{stamp}:{month_from:%Y-%m}:{month_to:%Y-%m}"
    cells: list[Cell] | None = cache.get(key)
    if cells is None:
        cells = open_data_cells(month_from=month_from, month_to=month_to)
        cache.set(key, cells, CACHE_SECONDS)
    return cells


def open_data_get(*, month_from: dt.date, month_to: dt.date, by: tuple[str, ...]) -> OpenData:
    """The published figures for the months ``month_from``..``month_to`` grouped by ``by``."""
    dimensions = dimensions_ordered(by)
    # Figures change only when a refresh replaces a month, which moves the generation.
    stamp = str(statistics_generation())
    key = f"stats:open_data:{stamp}:{month_from:%Y-%m}:{month_to:%Y-%m}:{','.join(dimensions)}"
    found: OpenData | None = cache.get(key)
    if found is not None:
        return found
    refreshed_at = open_data_refreshed_at()
    cells = _cells_cached(month_from, month_to, stamp)
    regions, categories = _names()
    found = OpenData(
        month_from=month_from,
        month_to=month_to,
        by=dimensions,
        rows=published_rows(cells, dimensions),
        total=published_total(cells),
        refreshed_at=refreshed_at,
        regions=regions,
        categories=categories,
        generation=stamp,
    )
    cache.set(key, found, CACHE_SECONDS)
    return found


def _key_columns(by: tuple[str, ...]) -> list[str]:
    columns = []
    for dimension in by:
        columns.append(dimension)
        if dimension != "month":
            columns += [f"{dimension}_name_fr", f"{dimension}_name_en"]
    return columns


def _key_values(data: OpenData, key: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for dimension, code in zip(data.by, key, strict=True):
        values[dimension] = code
        if dimension != "month":
            table = data.regions if dimension == "region" else data.categories
            names = table.get(code, Names(code, code, code))
            values[f"{dimension}_name_fr"] = names.name_fr
            values[f"{dimension}_name_en"] = names.name_en
    return values


def _figures(row: Row) -> dict[str, Published]:
    return {
        "reports": row.reports,
        "loss_reported_xaf": row.loss_xaf,
        "cells_under_5": row.cells_under_5,
    }


FIGURE_COLUMNS = ["reports", "loss_reported_xaf", "cells_under_5"]


def open_data_csv_bytes(data: OpenData) -> bytes:
    """``open_data_csv`` encoded, kept until the figures change (a large grid is ~1 MB)."""
    key = (
        f"stats:open_data:csv:{data.generation}:{data.month_from:%Y-%m}:{data.month_to:%Y-%m}:"
        f"{','.join(data.by)}"
    )
    body: bytes | None = cache.get(key)
    if body is None:
        body = open_data_csv(data).encode()
        cache.set(key, body, CACHE_SECONDS)
    return body


def open_data_csv(data: OpenData) -> str:
    """The rows then the total (its first column reads ``total``), one header line, UTF-8."""
    out = io.StringIO()
    columns = _key_columns(data.by) or ["scope"]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns + FIGURE_COLUMNS)
    for row in data.rows if data.by else []:
        values = _key_values(data, row.key)
        figures = _figures(row)
        writer.writerow(
            [values[column] for column in columns] + [figures[c] for c in FIGURE_COLUMNS]
        )
    total = [TOTAL] + [""] * (len(columns) - 1)
    figures = _figures(data.total)
    writer.writerow(total + [figures[c] for c in FIGURE_COLUMNS])
    return out.getvalue()


def open_data_json(data: OpenData, *, method_url: str) -> dict[str, Any]:
    return {
        "from": f"{data.month_from:%Y-%m}",
        "to": f"{data.month_to:%Y-%m}",
        "by": list(data.by),
        "rows": [{**_key_values(data, row.key), **_figures(row)} for row in data.rows]
        if data.by
        else [],
        "total": _figures(data.total),
        "smallest_count_shown": SMALLEST_SHOWN,
        "refreshed_at": data.refreshed_at.isoformat() if data.refreshed_at else None,
        "method": method_url,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION},
    }
