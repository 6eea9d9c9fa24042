"""Suppression cannot be undone: through the real API, for random grids, every published number
is a sum of shown cells, and changing any hidden cell changes no published byte."""

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stats.cells import add_cell, mark_refreshed, month_back
from vigilance.stats.models import ReportMonthly

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/reports"
MONTHS = [month_back(3), month_back(2), month_back(1)]
REGIONS = ["CE", "LT", "NO"]
CATEGORIES = ["phishing", "sextortion"]
DIMENSIONS = ("month", "region", "category")
GROUPINGS = [
    ",".join(combination)
    for size in range(1, 4)
    for combination in itertools.combinations(DIMENSIONS, size)
]
REFRESHED_AT = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC)
RANGES = [(MONTHS[i], MONTHS[j]) for i in range(3) for j in range(i, 3)]

grids = st.dictionaries(
    st.tuples(st.sampled_from(range(3)), st.sampled_from(REGIONS), st.sampled_from(CATEGORIES)),
    st.tuples(
        st.integers(min_value=1, max_value=30),
        st.integers(min_value=0, max_value=3_000_000),
        st.sampled_from(["web", "counter"]),
    ),
    min_size=1,
    max_size=12,
)


def _load(grid):
    ReportMonthly.objects.all().delete()
    for (month, region, category), (reports, loss, channel) in grid.items():
        add_cell(MONTHS[month], region, category, reports, loss=loss, channel=channel)
    mark_refreshed(REFRESHED_AT)
    cache.clear()


def _every_answer(client):
    answers = {}
    for (first, last), by, format in itertools.product(RANGES, GROUPINGS, ("json", "csv")):
        query = {"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}", "by": by, "format": format}
        response = client.get(URL, query)
        assert response.status_code == 200
        answers[(first, last, by, format)] = response.content
    return answers


def _json_answers(client):
    for (first, last), by in itertools.product(RANGES, GROUPINGS):
        query = {"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}", "by": by}
        yield first, last, by.split(","), client.get(URL, query).json()


def _members(grid, first, last, dimensions, row):
    for (month, region, category), figures in grid.items():
        values = {
            "month": f"{MONTHS[month]:%Y-%m}",
            "region": region,
            "category": category,
        }
        if first <= MONTHS[month] <= last and all(values[d] == row[d] for d in dimensions):
            yield figures


@pytest.fixture
def open_client(client, settings):  # type: ignore[no-untyped-def]
    settings.RATELIMIT_ENABLE = False
    return client


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(grid=grids, data=st.data())
def test_suppression_cannot_be_undone_by_subtracting_published_totals(open_client, grid, data):
    _load(grid)
    before = _every_answer(open_client)

    # 1. Every published number is a sum of shown cells (5 or more): no equation an attacker can
    # write from published figures holds a hidden cell, so subtracting them never isolates one.
    for first, last, dimensions, body in _json_answers(open_client):
        for row in [*body["rows"], body["total"]]:
            members = (
                list(_members(grid, first, last, dimensions, row))
                if row in body["rows"]
                else [
                    figures
                    for (month, _r, _c), figures in grid.items()
                    if first <= MONTHS[month] <= last
                ]
            )
            shown = [f for f in members if f[0] >= 5]
            shown_sum = sum(f[0] for f in shown)
            if shown_sum < 5:
                assert row["reports"] in ("<5", 0)
            else:
                assert row["reports"] == shown_sum
                assert row["loss_reported_xaf"] == sum(f[1] for f in shown)

    # 2. The strongest form: give every hidden cell another value under 5 (and another amount):
    # every answer, every grouping, every range, JSON and CSV, is the same to the byte.
    changed = {
        key: (
            (
                data.draw(st.integers(min_value=1, max_value=4)),
                data.draw(st.integers(0, 9_000_000)),
                channel,
            )
            if reports < 5
            else (reports, loss, channel)
        )
        for key, (reports, loss, channel) in grid.items()
    }
    _load(changed)
    after = _every_answer(open_client)
    assert [key for key in before if before[key] != after[key]] == []
