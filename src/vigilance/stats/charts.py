"""Charts of the dashboards, drawn on the server by ``leather`` as SVG with attributes only (no
style element or attribute, no script: the strict CSP holds when they are inlined).

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that summarise it, a
``viewBox`` so that it scales to the screen, text of at least 16 units on a 400-unit width (12 px
or more on a 320 px wide chart) and colours that contrast with white. The page puts the numbers
in a table right after each chart: the chart is never the only way to read them.
"""

import datetime as dt

# ElementTree only writes SVG here; it never parses anything.
import xml.etree.ElementTree as ET  # nosec B405
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import leather
from django.core.cache import cache
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from vigilance.stats.selectors.dashboard import (
    CACHE_SECONDS,
    Dashboard,
    LabelledCount,
    dashboard_cache_key,
)

WIDTH = 400
HEIGHT = 260
FONT = "system-ui, sans-serif"
TEXT_COLOUR = "#222222"
# Dark enough on white (contrast above 4.5:1), and told apart by shape too (dashes, bars).
COLOURS = ("#1f5f99", "#a34700", "#2e6b30")
LABEL_CHARACTERS = 16


def _theme() -> None:
    """Readable text and contrasting colours for every chart (leather reads its theme module)."""
    theme = leather.theme
    theme.background_color = "#ffffff"
    for part in ("title", "legend", "axis_title", "tick"):
        setattr(theme, f"{part}_font_family", FONT)
        setattr(theme, f"{part}_font_size", 16)
        setattr(theme, f"{part}_font_char_height", 16)
        setattr(theme, f"{part}_font_char_width", 9)
    theme.title_color = TEXT_COLOUR
    theme.legend_color = TEXT_COLOUR
    theme.axis_title_color = TEXT_COLOUR
    theme.label_color = TEXT_COLOUR
    theme.tick_color = "#d0d0d0"
    theme.zero_color = "#666666"
    theme.default_series_colors = list(COLOURS)
    theme.default_line_width = 3
    theme.margin = 0.03


_theme()


@dataclass(frozen=True)
class Chart:
    """An SVG chart ready to inline, and the words that summarise it."""

    key: str
    title: str
    description: str
    svg: SafeString


def _short(label: str) -> str:
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _wrap(key: str, title: str, description: str, chart: leather.Chart) -> Chart:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": f"{key}-title {key}-desc",
            "class": "stats-chart",
            "preserveAspectRatio": "xMinYMin meet",
        },
    )
    ET.SubElement(root, "title", {"id": f"{key}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{key}-desc"}).text = description
    group = chart.to_svg_group(WIDTH, HEIGHT)
    group.set("aria-hidden", "true")
    root.append(group)
    # ElementTree escapes every text and attribute it writes.
    svg = mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308  # nosec B308 B703
    return Chart(key=key, title=title, description=description, svg=svg)


def _nice_top(value: float) -> float:
    """A round upper bound for an axis (1, 2 or 5 times a power of ten), never zero."""
    if value <= 0:
        return 1
    power = 1.0
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def bars(
    *,
    key: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float]],
    formatter: Callable[[float], str],
) -> Chart:
    """Horizontal bars, one per labelled value, largest first as given."""
    chart = leather.Chart()
    top = _nice_top(max((value for _label, value in rows), default=0))
    chart.add_x_scale(0, top)
    chart.add_x_axis(ticks=[0, top / 2, top], tick_formatter=lambda value, *_: formatter(value))
    # leather draws the first row at the bottom: reversed, the largest is on top.
    data = [(value, _short(label)) for label, value in reversed(rows)] or [(0, "—")]
    chart.add_bars(data, fill_color=COLOURS[0])
    return _wrap(key, title, description, chart)


def month_label(month: dt.date) -> str:
    return date_format(month, "m/y")


def month_lines(
    *,
    key: str,
    title: str,
    description: str,
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    formatter: Callable[[float], str],
) -> Chart:
    """One line per named series over the months (a gap where a value is missing)."""
    chart = leather.Chart()
    count = len(months)
    top = _nice_top(max((value or 0 for _name, values in series for value in values), default=0))
    chart.add_x_scale(0, max(count - 1, 1))
    chart.add_y_scale(0, top)
    step = max(1, -(-count // 5))
    ticks = list(range(0, count, step))
    chart.add_x_axis(
        ticks=ticks,
        tick_formatter=lambda index, *_: month_label(months[int(index)]) if months else "",
    )
    chart.add_y_axis(ticks=[0, top / 2, top], tick_formatter=lambda value, *_: formatter(value))
    dashes = ("none", "8 5", "2 4")
    drawn = 0
    for position, (name, values) in enumerate(series):
        if all(value is None for value in values):
            continue
        drawn += 1
        data = [(index, value) for index, value in enumerate(values)]
        chart.add_line(
            data,
            name=name if len(series) > 1 else None,
            stroke_color=COLOURS[position % len(COLOURS)],
            stroke_dasharray=dashes[position % len(dashes)],
        )
    if not drawn:
        # Nothing measured: the axes alone (leather needs one series to draw them).
        chart.add_line([(0, 0), (max(count - 1, 1), 0)], stroke_color="none")
    return _wrap(key, title, description, chart)


def _number(value: float) -> str:
    return number_format(round(value), force_grouping=True)


def _hours(value: float) -> str:
    return number_format(round(value, 1), force_grouping=True)


def _month_summary(months: Sequence[dt.date], values: Sequence[int], what: str) -> str:
    if not months:
        return ""
    total = sum(values)
    peak = max(range(len(values)), key=lambda index: values[index])
    return _(
        "%(what)s from %(first)s to %(last)s: %(total)s in all, most in %(peak)s (%(peak_value)s)."
    ) % {
        "what": what,
        "first": month_label(months[0]),
        "last": month_label(months[-1]),
        "total": _number(total),
        "peak": month_label(months[peak]),
        "peak_value": _number(values[peak]),
    }


def _bars_summary(rows: Sequence[LabelledCount]) -> str:
    total = sum(row.reports for row in rows)
    if not total:
        return _("No report in this range.")
    first = rows[0]
    return _("%(total)s reports; the most: %(label)s, %(count)s (%(share)s%%).") % {
        "total": _number(total),
        "label": first.label,
        "count": _number(first.reports),
        "share": round(100 * first.reports / total),
    }


def _bar_chart(key: str, title: str, rows: Sequence[LabelledCount]) -> Chart:
    return bars(
        key=key,
        title=title,
        description=_bars_summary(rows),
        rows=[(row.label, row.reports) for row in rows],
        formatter=_number,
    )


def dashboard_charts(dashboard: Dashboard) -> dict[str, Chart]:
    """A chart per table of ``selectors.dashboard.dashboard_tables``, by the same keys (cached
    with the dashboard's figures)."""
    key = dashboard_cache_key(
        "charts",
        scope=dashboard.scope,
        month_from=dashboard.month_from,
        month_to=dashboard.month_to,
    )
    found: dict[str, Chart] | None = cache.get(key)
    if found is None:
        found = _charts(dashboard)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _charts(dashboard: Dashboard) -> dict[str, Chart]:
    months = [row.month for row in dashboard.months]
    reports = [row.reports for row in dashboard.months]
    found = {
        "reports": month_lines(
            key="chart-reports",
            title=_("Reports received per month"),
            description=_month_summary(months, reports, _("Reports received")),
            months=months,
            series=[(_("Reports"), reports)],
            formatter=_number,
        ),
        "categories": _bar_chart(
            "chart-categories", _("Reports per category"), dashboard.by_category
        ),
        "regions": _bar_chart("chart-regions", _("Reports per region"), dashboard.by_region),
        "channels": _bar_chart("chart-channels", _("Reports per channel"), dashboard.by_channel),
        "money": month_lines(
            key="chart-money",
            title=_("Losses reported, funds held and returned (FCFA)"),
            description=_(
                "From %(first)s to %(last)s: %(lost)s FCFA of losses reported, %(held)s held and "
                "%(returned)s returned."
            )
            % {
                "first": month_label(months[0]) if months else "",
                "last": month_label(months[-1]) if months else "",
                "lost": _number(dashboard.total_loss_reported_xaf),
                "held": _number(dashboard.total_held_xaf),
                "returned": _number(dashboard.total_returned_xaf),
            },
            months=months,
            series=[
                (_("Losses reported"), [row.loss_reported_xaf for row in dashboard.months]),
                (_("Held"), [row.held_xaf for row in dashboard.months]),
                (_("Returned"), [row.returned_xaf for row in dashboard.months]),
            ],
            formatter=_number,
        ),
    }
    for duration in dashboard.durations:
        overall = duration.overall
        if overall.median is None or overall.p90 is None:
            description = _("Nothing measured in this range.")
        else:
            description = _(
                "%(count)s reports measured: median %(median)s hours, 90th percentile %(p90)s "
                "hours over the range."
            ) % {
                "count": _number(overall.count),
                "median": _hours(overall.median / 3600),
                "p90": _hours(overall.p90 / 3600),
            }
        per_month = list(duration.by_month.values())
        found[f"duration_{duration.measure}"] = month_lines(
            key=f"chart-duration-{duration.measure}",
            title=f"{duration.label} (" + _("hours") + ")",
            description=description,
            months=months,
            series=[
                (_("Median"), [_in_hours(figures.median) for figures in per_month]),
                (_("90th percentile"), [_in_hours(figures.p90) for figures in per_month]),
            ],
            formatter=_hours,
        )
    lookups = [row.lookups for row in dashboard.months]
    found["outcomes"] = _bar_chart(
        "chart-outcomes", _("Outcomes of the closed reports"), dashboard.outcomes
    )
    found["lookups"] = month_lines(
        key="chart-lookups",
        title=_("Public look-ups per month"),
        description=_month_summary(months, lookups, _("Public look-ups")),
        months=months,
        series=[(_("Look-ups"), lookups)],
        formatter=_number,
    )
    return found


def _in_hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600
