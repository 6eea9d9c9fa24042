"""The public statistics page: tables with "<5", the method and licence, the downloads."""

import pytest
from django.utils.html import escape

from tests.stats import cells

pytestmark = pytest.mark.django_db
PAGE = "/en/statistics/"


@pytest.fixture
def small_and_large_cells(db):  # type: ignore[no-untyped-def]
    return cells.small_and_large_cells()


def test_the_page_shows_under_5_for_a_small_cell_and_its_csv_matches(client, small_and_large_cells):
    month = small_and_large_cells
    query = {"from": f"{month:%Y-%m}", "to": f"{month:%Y-%m}"}
    response = client.get(PAGE, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr data-key="NO">' in page
    region_row = page.split('<tr data-key="NO">')[1].split("</tr>")[0]
    assert "&lt;5" in region_row
    csv_link = next(table["csv"] for table in [response.context["by_region"]] if table["csv"])
    assert escape(csv_link) in page
    from_page = client.get(csv_link).content
    from_api = client.get(
        "/api/v1/stats/reports", {**query, "by": "region"}, HTTP_ACCEPT="text/csv"
    ).content
    assert from_page == from_api
    assert b"NO,Nord,North,<5,<5,1" in from_page


def test_the_page_explains_the_method_and_the_licence_without_script(client, small_and_large_cells):
    page = client.get(PAGE).content.decode()
    assert 'id="method"' in page
    assert "opendatacommons.org/licenses/by/1-0/" in page
    assert "<script>" not in page
    assert "<svg" in page


def test_the_page_names_no_reference_and_no_unit(client, small_and_large_cells):
    page = client.get(PAGE).content.decode()
    assert "VIG-" not in page
    assert "dgsn-" not in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The last month must not come before the first."),
        ("fr", "Le dernier mois ne peut pas précéder le premier."),
    ],
)
def test_a_reversed_range_is_400_with_the_form_kept(client, language, message):
    response = client.get(f"/{language}/statistics/", {"from": "2025-06", "to": "2025-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(message) in page
    assert 'value="2025-06"' in page


def test_a_month_that_is_not_one_is_400(client):
    response = client.get(PAGE, {"from": "June"})
    assert response.status_code == 400
    assert "Give a month as year-month" in response.content.decode()


def test_with_no_figures_yet_the_page_says_so(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "No report was received in these months." in response.content.decode()
