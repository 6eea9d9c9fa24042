"""The dashboard's charts: accessible SVG (role img, title, description), nothing the strict CSP
refuses (no style, no script), and a table behind each chart with the same figures."""

import datetime as dt
import xml.etree.ElementTree as ET  # nosec B405

import pytest

from tests.stats.conftest import douala, received
from vigilance.stats.access import NATIONAL
from vigilance.stats.charts import dashboard_charts
from vigilance.stats.selectors.dashboard import dashboard_get, dashboard_tables
from vigilance.stats.services.refresh import statistics_refresh

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def figures() -> tuple[dict, dict]:  # type: ignore[type-arg]
    for month, count in ((1, 2), (2, 5), (3, 1)):
        for _index in range(count):
            received(at=douala(2025, month), region="CE" if month == 2 else "LT")
    statistics_refresh(months=[dt.date(2025, month, 1) for month in (1, 2, 3)])
    found = dashboard_get(
        scope=NATIONAL, month_from=dt.date(2025, 1, 1), month_to=dt.date(2025, 3, 1)
    )
    return dashboard_charts(found), dashboard_tables(found)


def test_every_chart_is_an_image_with_a_title_and_a_description(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    charts, tables = figures
    assert charts.keys() == tables.keys()
    for chart in charts.values():
        root = ET.fromstring(str(chart.svg))  # noqa: S314  # nosec B314: our own output
        assert root.get("role") == "img"
        assert root.get("viewBox") == "0 0 400 260"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert title.text == chart.title
        assert desc is not None
        assert desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_no_chart_holds_a_style_or_a_script(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    charts, _tables = figures
    for chart in charts.values():
        root = ET.fromstring(str(chart.svg))  # noqa: S314  # nosec B314
        for element in root.iter():
            assert element.tag not in (f"{SVG}style", f"{SVG}script")
            assert "style" not in element.attrib
            assert not any(name.startswith("on") for name in element.attrib)
            size = element.get("font-size")
            assert size is None or int(size) >= 16


def test_the_table_behind_a_chart_holds_its_figures(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    charts, tables = figures
    assert tables["reports"].rows == [["01/2025", 2], ["02/2025", 5], ["03/2025", 1]]
    description = charts["reports"].description
    assert "8" in description
    assert "02/25" in description
    assert "(5)" in description
    assert sorted(tables["regions"].rows) == [["Centre", 5], ["Littoral", 3]]
    assert "Centre, 5 (62%)" in charts["regions"].description
