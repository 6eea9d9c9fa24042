"""The dashboard's months and unit (``?from=YYYY-MM&to=YYYY-MM&unit=<code>``), for the page, the
CSV exports and the JSON endpoint alike."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.core.forms import AccessibleForm
from vigilance.stats.months import month_of

DEFAULT_MONTHS = 12
LONGEST_MONTHS = 10 * 12
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str) -> dt.date | None:
    found = MONTH.match(value.strip())
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2999):
        return None
    return dt.date(year, month, 1)


def _months_before(month: dt.date, count: int) -> dt.date:
    for _step in range(count):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def default_range() -> tuple[dt.date, dt.date]:
    """The last twelve months, the current one included."""
    last = month_of(timezone.now())
    return _months_before(last, DEFAULT_MONTHS - 1), last


class DashboardForm(AccessibleForm):
    """From and to months (both included, at most ten years apart) and the unit: empty is the
    whole country for those who see it, else the person's own unit."""

    def __init__(
        self, *args: Any, units: list[Unit] | None = None, national: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        month_input = {"type": "month", "placeholder": "2026-01", "inputmode": "numeric"}
        # "from" is a Python keyword: the fields are named here, as the address spells them.
        self.fields["from"] = forms.CharField(
            required=False,
            label=_("From (month)"),
            help_text=_("Year and month, e.g. 2026-01."),
            widget=forms.TextInput(attrs=month_input),
        )
        self.fields["to"] = forms.CharField(
            required=False,
            label=_("To (month)"),
            help_text=_("Year and month, e.g. 2026-12."),
            widget=forms.TextInput(attrs=month_input),
        )
        choices: list[tuple[str, str]] = [
            ("", str(_("The whole country") if national else _("My unit")))
        ]
        choices += [(unit.code, f"{unit.name} — {unit.organisation.name}") for unit in units or []]
        self.fields["unit"] = forms.ChoiceField(
            required=False,
            label=_("Unit"),
            choices=choices,
            error_messages={"invalid_choice": _("Choose a unit from the list.")},
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_from, default_to = default_range()
        start = end = None
        raw_from, raw_to = cleaned.get("from") or "", cleaned.get("to") or ""
        if raw_from:
            start = _month(raw_from)
            if start is None:
                self.add_error("from", _("Give the first month as year-month, e.g. 2026-01."))
        if raw_to:
            end = _month(raw_to)
            if end is None:
                self.add_error("to", _("Give the last month as year-month, e.g. 2026-12."))
        if self.errors:
            return cleaned
        end = end or default_to
        if start is None:
            start = default_from if not raw_to else _months_before(end, DEFAULT_MONTHS - 1)
        if start > end:
            self.add_error("to", _("The last month comes before the first."))
        elif (end.year - start.year) * 12 + end.month - start.month >= LONGEST_MONTHS:
            self.add_error("from", _("Ask for ten years at most."))
        cleaned["month_from"], cleaned["month_to"] = start, end
        return cleaned

    def month_range(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["month_from"], self.cleaned_data["month_to"]

    def unit_code(self) -> str:
        return str(self.cleaned_data.get("unit") or "")
