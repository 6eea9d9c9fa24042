"""``GET /api/v1/stats/reports``: open counts by month, region and category, small cells hidden."""

import csv
import io

import pytest

from tests.stats import cells
from tests.stats.cells import month_back
from vigilance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/reports"


@pytest.fixture
def small_and_large_cells(db):  # type: ignore[no-untyped-def]
    return cells.small_and_large_cells()


def _query(month, **extra):
    return {"from": f"{month:%Y-%m}", "to": f"{month:%Y-%m}", **extra}


def test_json_rows_show_small_cells_as_under_5_and_totals_add_shown_cells(
    client, small_and_large_cells
):
    month = small_and_large_cells
    response = client.get(URL, _query(month, by="region,category"))
    assert response.status_code == 200
    body = response.json()
    rows = {(row["region"], row["category"]): row for row in body["rows"]}
    assert rows[("CE", "phishing")]["reports"] == 12
    assert rows[("CE", "phishing")]["loss_reported_xaf"] == 1_000_000
    assert rows[("NO", "sextortion")]["reports"] == "<5"
    assert rows[("NO", "sextortion")]["loss_reported_xaf"] == "<5"
    assert rows[("NO", "sextortion")]["region_name_fr"] == "Nord"
    assert body["total"] == {"reports": 24, "loss_reported_xaf": 1_070_000, "cells_under_5": 1}
    assert body["licence"]["url"].startswith("https://opendatacommons.org/")
    assert body["method"].endswith("/statistics/#method")


def test_a_region_with_only_small_cells_reads_under_5(client, small_and_large_cells):
    body = client.get(URL, _query(small_and_large_cells, by="region")).json()
    rows = {row["region"]: row for row in body["rows"]}
    assert rows["NO"]["reports"] == "<5"
    assert rows["NO"]["cells_under_5"] == 1
    assert rows["CE"]["reports"] == 17


def test_csv_has_the_same_figures_with_under_5(client, small_and_large_cells):
    response = client.get(URL, _query(small_and_large_cells, by="region", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_region = {row["region"]: row for row in rows}
    assert by_region["NO"]["reports"] == "<5"
    assert by_region["LT"]["reports"] == "7"
    assert by_region["total"]["reports"] == "24"


def test_accept_text_csv_answers_csv(client, small_and_large_cells):
    response = client.get(URL, _query(small_and_large_cells), HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response.content.decode().splitlines()[0] == "month,reports,loss_reported_xaf,cells_under_5"
    )


def test_answers_are_cacheable_until_the_next_refresh(client, small_and_large_cells):
    response = client.get(URL, _query(small_and_large_cells))
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_default_range_is_the_last_twelve_months(client, small_and_large_cells):
    body = client.get(URL).json()
    assert body["to"] == f"{month_back(0):%Y-%m}"
    assert body["from"] == f"{month_back(11):%Y-%m}"
    assert body["by"] == ["month"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The last month must not come before the first."),
        ("fr", "Le dernier mois ne peut pas précéder le premier."),
    ],
)
def test_reversed_range_is_400_in_the_callers_language(client, language, message):
    response = client.get(URL, {"from": "2025-06", "to": "2025-01"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == message
    assert error["fields"]["to"] == [message]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2025-13"}, "from"),
        ({"to": "soon"}, "to"),
        ({"to": f"{month_back(-2):%Y-%m}"}, "to"),
        ({"from": "1999-01", "to": "2000-01"}, "from"),
        ({"from": "2010-01", "to": "2025-01"}, "from"),
        ({"by": "unit"}, "by"),
        ({"format": "xlsx"}, "format"),
        ({"from": "\x00" * 300}, "from"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(client, query, field):
    response = client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_no_reference_or_person_in_any_answer(client, small_and_large_cells):
    for by in ("month", "region", "category", "month,region,category"):
        for format in ("json", "csv"):
            text = client.get(URL, _query(small_and_large_cells, by=by, format=format)).content
            assert b"VIG-" not in text
            assert b"reporter" not in text
            assert b"unit" not in text.replace(b"cells_under_5", b"")


def test_every_download_is_audited(client, small_and_large_cells):
    client.get(URL, _query(small_and_large_cells, by="region", format="csv"))
    event = AuditEvent.objects.get(action="open_data.exported")
    assert event.actor_label == "public"
    assert event.details["format"] == "csv"
    assert event.details["by"] == "region"


def test_rate_limited_with_retry_after(client, settings, small_and_large_cells):
    settings.RATE_LOOKUP_PER_IP = "2/h"
    for _ in range(2):
        assert client.get(URL).status_code == 200
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Retry-After"]
