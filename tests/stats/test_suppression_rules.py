"""The suppression rule on plain values: cells under 5 hidden, every total a sum of shown cells."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigilance.stats.suppression import (
    DIMENSIONS,
    SUPPRESSED,
    Cell,
    published_breakdown,
    published_rows,
    published_total,
)

MONTHS = [dt.date(2025, month, 1) for month in (1, 2, 3)]
REGIONS = ["CE", "LT", "NO"]
CATEGORIES = ["phishing", "sextortion"]
GROUPINGS = [
    combination
    for size in range(len(DIMENSIONS) + 1)
    for combination in itertools.combinations(DIMENSIONS, size)
]

grids = st.lists(
    st.tuples(
        st.sampled_from(MONTHS),
        st.sampled_from(REGIONS),
        st.sampled_from(CATEGORIES),
        st.integers(min_value=1, max_value=40),
        st.integers(min_value=0, max_value=5_000_000),
    ),
    unique_by=lambda cell: cell[:3],
    max_size=18,
).map(lambda cells: [Cell(*cell) for cell in cells])


def test_a_cell_under_5_is_shown_as_under_5_with_its_amount():
    cells = [Cell(MONTHS[0], "CE", "phishing", 4, 120_000)]
    (row,) = published_rows(cells, DIMENSIONS)
    assert (row.reports, row.loss_xaf) == (SUPPRESSED, SUPPRESSED)


def test_a_cell_of_5_is_shown():
    cells = [Cell(MONTHS[0], "CE", "phishing", 5, 120_000)]
    (row,) = published_rows(cells, DIMENSIONS)
    assert (row.key, row.reports, row.loss_xaf) == (("2025-01", "CE", "phishing"), 5, 120_000)


def test_a_total_leaves_out_the_cells_under_5_and_says_how_many():
    cells = [
        Cell(MONTHS[0], "CE", "phishing", 12, 100),
        Cell(MONTHS[0], "CE", "sextortion", 3, 50),
        Cell(MONTHS[1], "LT", "phishing", 7, 10),
    ]
    total = published_total(cells)
    assert (total.reports, total.loss_xaf, total.cells_under_5) == (19, 110, 1)


def test_a_group_with_only_small_cells_reads_under_5():
    cells = [Cell(MONTHS[0], "NO", "phishing", 2, 0), Cell(MONTHS[0], "NO", "sextortion", 4, 0)]
    (row,) = published_rows(cells, ["region"])
    assert (row.key, row.reports, row.cells_under_5) == (("NO",), SUPPRESSED, 2)


def test_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="unknown dimensions"):
        published_rows([], ["unit"])


@given(grids)
def test_every_published_number_is_a_sum_of_shown_cells(cells):
    shown = [cell for cell in cells if cell.reports >= 5]
    for by in GROUPINGS:
        for row in published_rows(cells, by):
            members = [cell for cell in shown if cell.key(by) == row.key]
            expected = sum(cell.reports for cell in members)
            if expected < 5:
                assert row.reports == SUPPRESSED
            else:
                assert row.reports == expected
                assert row.loss_xaf == sum(cell.loss_xaf for cell in members)


@given(grids, st.data())
def test_changing_a_hidden_cell_changes_no_published_figure(cells, data):
    changed = [
        Cell(
            cell.month,
            cell.region,
            cell.category,
            data.draw(st.integers(min_value=1, max_value=4)),
            data.draw(st.integers(min_value=0, max_value=5_000_000)),
        )
        if cell.reports < 5
        else cell
        for cell in cells
    ]
    for by in GROUPINGS:
        assert published_rows(changed, by) == published_rows(cells, by)


def test_a_breakdown_counts_only_shown_cells_and_hides_a_lone_small_row_with_another():
    shown = {("2025-01", "CE", "phishing")}
    parts = [
        (("2025-01", "CE", "phishing"), "web", 20),
        (("2025-01", "CE", "phishing"), "sms", 2),
        (("2025-01", "CE", "phishing"), "counter", 9),
        (("2025-01", "NO", "phishing"), "web", 3),  # a hidden cell: left out
    ]
    assert published_breakdown(parts, shown) == [
        ("counter", SUPPRESSED),
        ("sms", SUPPRESSED),
        ("web", 20),
    ]


@given(
    st.dictionaries(
        st.sampled_from(["web", "sms", "ussd", "api", "phone"]),
        st.integers(min_value=1, max_value=30),
        min_size=1,
    )
)
def test_a_breakdown_never_leaves_a_single_row_hidden(counts):
    key = ("2025-01", "CE", "phishing")
    rows = published_breakdown([(key, label, n) for label, n in counts.items()], {key})
    hidden = [label for label, value in rows if value == SUPPRESSED]
    assert len(hidden) != 1 or len(rows) == 1
