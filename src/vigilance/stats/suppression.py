"""Small-cell suppression of the published statistics: the rule, on plain values.

Counts are suppressed on the finest grid ever published (month x region x category): a cell of
fewer than ``SMALLEST_SHOWN`` reports is shown as ``"<5"``, and so is its amount lost. Every
coarser figure (a month, a region, a category, a range, the national total) is the sum of the
*shown* cells only, so each published number is a sum of shown cells and no subtraction of
published numbers can single out a hidden one (docs/decisions/0021-open-data-suppression.md).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

SMALLEST_SHOWN = 5
SUPPRESSED: Literal["<5"] = "<5"
DIMENSIONS: tuple[str, ...] = ("month", "region", "category")

Published = int | Literal["<5"]


@dataclass(frozen=True)
class Cell:
    """One cell of the finest grid: the reports of one month, region and category."""

    month: dt.date  # the first day of the month
    region: str
    category: str
    reports: int
    loss_xaf: int

    def key(self, by: Sequence[str]) -> tuple[str, ...]:
        return tuple(self._value(dimension) for dimension in by)

    def _value(self, dimension: str) -> str:
        if dimension == "month":
            return self.month.strftime("%Y-%m")
        return str(getattr(self, dimension))


@dataclass(frozen=True)
class Row:
    """One published figure: its key (the values of the dimensions asked, in their order), the
    reports and amount lost shown, and how many finest cells under 5 it leaves out."""

    key: tuple[str, ...]
    reports: Published
    loss_xaf: Published
    cells_under_5: int


def is_shown(cell: Cell) -> bool:
    return cell.reports >= SMALLEST_SHOWN


def dimensions_ordered(by: Iterable[str]) -> tuple[str, ...]:
    """The dimensions asked, once each and in the grid's order; unknown names raise ValueError."""
    asked = set(by)
    unknown = asked - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimensions: {sorted(unknown)}")
    return tuple(dimension for dimension in DIMENSIONS if dimension in asked)


def _published(reports: int, loss_xaf: int) -> tuple[Published, Published]:
    # A sum of shown cells is 0 or at least 5; under 5 it only ever means "nothing shown here".
    if reports < SMALLEST_SHOWN:
        return SUPPRESSED, SUPPRESSED
    return reports, loss_xaf


def published_rows(cells: Iterable[Cell], by: Sequence[str]) -> list[Row]:
    """The figures grouped by ``by`` (a subset of DIMENSIONS), in key order.

    A group is listed when it holds at least one report; its figures add up its shown cells
    only, and a group with nothing shown reads ``"<5"``.
    """
    dimensions = dimensions_ordered(by)
    totals: dict[tuple[str, ...], list[int]] = {}
    for cell in cells:
        if cell.reports <= 0:
            continue
        group = totals.setdefault(cell.key(dimensions), [0, 0, 0])
        if is_shown(cell):
            group[0] += cell.reports
            group[1] += cell.loss_xaf
        else:
            group[2] += 1
    rows = []
    for key in sorted(totals):
        reports, loss_xaf, under_5 = totals[key]
        shown_reports, shown_loss = _published(reports, loss_xaf)
        rows.append(Row(key, shown_reports, shown_loss, under_5))
    return rows


def published_total(cells: Iterable[Cell]) -> Row:
    """The national total over all the cells given, by the same rule."""
    rows = published_rows(cells, ())
    return rows[0] if rows else Row((), 0, 0, 0)


def published_breakdown(
    parts: Iterable[tuple[tuple[str, ...], str, int]], shown_cells: set[tuple[str, ...]]
) -> list[tuple[str, Published]]:
    """A breakdown the grid does not hold (by channel, by outcome), in label order.

    ``parts`` are (finest cell key, label, count). Only the parts of shown cells count, so the
    breakdown adds up to published figures and says nothing of hidden cells. A label under 5 is
    ``"<5"``; when only one would be, the smallest other is hidden too (complementary
    suppression), or the total minus the others would give it away.
    """
    totals: dict[str, int] = {}
    for key, label, count in parts:
        if key in shown_cells and count > 0:
            totals[label] = totals.get(label, 0) + count
    hidden = {label for label, count in totals.items() if count < SMALLEST_SHOWN}
    if len(hidden) == 1 and len(totals) > 1:
        others = [label for label in totals if label not in hidden]
        hidden.add(min(others, key=lambda label: (totals[label], label)))
    return [(label, SUPPRESSED if label in hidden else totals[label]) for label in sorted(totals)]


def shown_cell_keys(cells: Iterable[Cell]) -> set[tuple[str, ...]]:
    """The keys (month, region, category) of the cells published as numbers."""
    return {cell.key(DIMENSIONS) for cell in cells if is_shown(cell)}
