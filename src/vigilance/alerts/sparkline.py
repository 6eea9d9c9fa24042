"""A small line of counts per day, drawn as SVG by ``leather`` (attributes only, so the CSP
holds), with a text alternative; pages show the numbers in a table beside it."""

# Builds our own SVG and parses nothing.
import xml.etree.ElementTree as ET  # nosec B405
from collections.abc import Sequence

import leather
from django.utils.safestring import SafeString, mark_safe

WIDTH = 120
HEIGHT = 32
PAD = 2
STROKE = "#0b5394"


def sparkline_svg(series: Sequence[int], *, label: str) -> SafeString:
    """The series as an inline ``<svg role="img">`` named by ``label`` (already translated)."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "role": "img",
            "aria-label": label,
            "class": "sparkline",
            "focusable": "false",
        },
    )
    ET.SubElement(svg, "title").text = label
    if len(series) >= 2:
        points = list(enumerate(series))
        x_scale = leather.Linear(0, len(series) - 1)
        y_scale = leather.Linear(0, max(max(series), 1))
        line = leather.Line(stroke_color=STROKE, width=2)
        group = line.to_svg(
            WIDTH - 2 * PAD,
            HEIGHT - 2 * PAD,
            x_scale,
            y_scale,
            leather.Series(points),
            None,
        )
        group.set("transform", f"translate({PAD} {PAD})")
        svg.append(group)
    # ElementTree escapes every text and attribute it writes.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308  # nosec B308, B703
