"""The month range of the open statistics (``?from=YYYY-MM&to=YYYY-MM``), and for the API the
grouping and the format: one form for the page and the API, so both refuse the same input with
the same words."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.stats.suppression import DIMENSIONS

DEFAULT_MONTHS = 12
LONGEST_MONTHS = 10 * 12
FIRST_YEAR = 2010
FORMATS = ("json", "csv")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def month_parse(value: str) -> dt.date | None:
    """``"2025-03"`` -> 2025-03-01; None when it is not a month."""
    match = _MONTH.match(value)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def month_add(month: dt.date, months: int) -> dt.date:
    year, index = divmod(month.year * 12 + month.month - 1 + months, 12)
    return dt.date(year, index + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many months from ``first`` to ``last``, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


class MonthField(forms.CharField):
    widget = forms.TextInput(
        attrs={"type": "month", "placeholder": "2026-01", "pattern": r"\d{4}-\d{2}"}
    )

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = month_parse(text)
        if month is None:
            raise forms.ValidationError(_("Give a month as year-month, e.g. 2026-01."))
        return month


class OpenDataRangeForm(forms.Form):
    """The months of the page; empty, the last twelve months up to the current one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named here, as the address spells them.
        self.fields["from"] = MonthField(required=False, label=_("From (month)"))
        self.fields["to"] = MonthField(required=False, label=_("To (month)"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        current = timezone.localdate().replace(day=1)
        last: dt.date = cleaned.get("to") or current
        first: dt.date = cleaned.get("from") or month_add(last, 1 - DEFAULT_MONTHS)
        if last > current:
            self.add_error("to", _("The last month cannot be in the future."))
        elif first > last:
            self.add_error("to", _("The last month must not come before the first."))
        elif first.year < FIRST_YEAR:
            self.add_error("from", _("The statistics start in %(year)s.") % {"year": FIRST_YEAR})
        elif months_between(first, last) > LONGEST_MONTHS:
            self.add_error("from", _("Ask for ten years at most."))
        cleaned["from"], cleaned["to"] = first, last
        return cleaned

    def month_range(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]


class OpenDataQueryForm(OpenDataRangeForm):
    """The API's question: the months, the grouping (``by=month,region``) and the format."""

    by = forms.CharField(required=False)
    format = forms.CharField(required=False)

    def clean_by(self) -> tuple[str, ...]:
        names = [name.strip() for name in self.cleaned_data["by"].split(",") if name.strip()]
        unknown = [name for name in names if name not in DIMENSIONS]
        if unknown:
            raise forms.ValidationError(
                _("Group by month, region or category (several with commas), not “%(name)s”.")
                % {"name": unknown[0][:40]}
            )
        return tuple(dimension for dimension in DIMENSIONS if dimension in names) or ("month",)

    def clean_format(self) -> str:
        value = self.cleaned_data["format"].strip().lower()
        if value and value not in FORMATS:
            raise forms.ValidationError(_("The format is json or csv."))
        return value


class AnnualReportForm(forms.Form):
    """The year of the annual report to issue."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=9999,
        error_messages={"invalid": _("Give the year in four digits, e.g. 2025.")},
    )
