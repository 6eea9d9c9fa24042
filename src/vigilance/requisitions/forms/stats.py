"""The date range of the statistics (``?from=&to=``, sent dates, both included), for the page
and the JSON endpoint alike."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 30
LONGEST_DAYS = 5 * 366


class StatisticsRangeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named here, as the address spells them.
        self.fields["from"] = forms.DateField(
            required=False,
            label=_("From"),
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Give the first day as a date, e.g. 2026-01-31.")},
        )
        self.fields["to"] = forms.DateField(
            required=False,
            label=_("To"),
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"invalid": _("Give the last day as a date, e.g. 2026-12-31.")},
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        today = timezone.localdate()
        end: dt.date = cleaned.get("to") or today
        start: dt.date = cleaned.get("from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("to", _("The last day comes after the first."))
        elif (end - start).days >= LONGEST_DAYS:
            self.add_error("from", _("Ask for five years at most."))
        cleaned["from"], cleaned["to"] = start, end
        return cleaned

    def date_range(self) -> tuple[dt.date, dt.date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]

    @staticmethod
    def default_range() -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        return today - dt.timedelta(days=DEFAULT_DAYS - 1), today
