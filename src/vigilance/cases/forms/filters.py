"""What the filter forms of the case list and the triage queue share: a unit among those the
person may see, a range of days in ISO form, and the values kept when some others are wrong."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.core.forms import AccessibleForm


def iso_date_input() -> forms.DateInput:
    """A date picker whose value is always ``YYYY-MM-DD``: browsers refuse a localised value
    (``04/01/2027`` on a French page) and show the field empty."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitFilterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class ListFilterForm(AccessibleForm):
    """A GET form that narrows a list. Subclasses declare ``unit``, ``date_from`` and
    ``date_to``; the units offered are those the view passes (the person's own choice)."""

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Give a date on or after the first one."))
        return cleaned

    def valid_values(self) -> dict[str, Any]:
        """The values that passed their checks: a wrong filter is set aside (and shown with
        its message), the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(self.cleaned_data)


def unit_filter(label: Any) -> UnitFilterField:
    return UnitFilterField(
        label=label,
        required=False,
        queryset=Unit.objects.none(),
        to_field_name="code",
        empty_label=_("All units"),
    )


def day_filter(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=iso_date_input(),
        error_messages={"invalid": _("Give a date as year-month-day, for example 2026-12-31.")},
    )
