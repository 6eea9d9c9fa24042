"""Forms of the triage queue and of the staff report page: one small form per triage action."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.cases.forms.filters import ListFilterForm, day_filter, unit_filter
from vigilance.cases.models import Tlp
from vigilance.cases.selectors.triage import QueueFilters
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


# The bands of the triage priority (0 to 100) the queue can be narrowed to: lowest, highest.
PRIORITY_BANDS: dict[str, tuple[int | None, int | None]] = {
    "high": (75, None),
    "medium": (50, 74),
    "low": (None, 49),
}


def _categories() -> Any:
    return OffenceCategory.objects.filter(is_active=True).order_by("position", "code")


class QueueFilterForm(ListFilterForm):
    category = NamedChoiceField(
        label=_("Category"),
        required=False,
        queryset=_categories(),
        to_field_name="code",
        empty_label=_("All categories"),
    )
    region = NamedChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    unit = unit_filter(_("Suggested unit"))
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[
            ("", _("All priorities")),
            ("high", _("High (75 and above)")),
            ("medium", _("Medium (50 to 74)")),
            ("low", _("Low (below 50)")),
        ],
    )
    date_from = day_filter(_("Received from"))
    date_to = day_filter(_("Received until"))

    def queue_filters(self) -> QueueFilters:
        """The filters that passed their checks, as the queue's selector reads them."""
        values = self.valid_values()
        category, region, unit = values.get("category"), values.get("region"), values.get("unit")
        low, high = PRIORITY_BANDS.get(values.get("priority") or "", (None, None))
        return QueueFilters(
            category=category.code if category else None,
            region=region.code if region else None,
            unit=unit.code if unit else None,
            priority_min=low,
            priority_max=high,
            received_from=values.get("date_from"),
            received_to=values.get("date_to"),
        )


def _reason(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )


class RouteForm(AccessibleForm):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(is_active=True)
        .select_related("organisation")
        .order_by("code"),
        to_field_name="code",
        empty_label=_("Choose a unit"),
        error_messages={"required": _("Choose a unit.")},
    )


class RequalifyForm(AccessibleForm):
    category = NamedChoiceField(
        label=_("New category"),
        queryset=_categories(),
        to_field_name="code",
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose a category.")},
    )
    reason = _reason()


class DuplicateForm(AccessibleForm):
    original = forms.CharField(
        label=_("Reference of the original report"),
        help_text=_("For example VIG-2026-000123."),
        max_length=24,
        error_messages={"required": _("Give the reference of the original report.")},
    )
    reason = _reason()


class RejectForm(AccessibleForm):
    reason = _reason(_("Why is this report abusive?"))


class OpenCaseForm(AccessibleForm):
    title = forms.CharField(label=_("Title of the case"), max_length=200, required=False)
    tlp = forms.ChoiceField(label=_("TLP marking"), choices=Tlp.choices, initial=Tlp.AMBER)


class AttachForm(AccessibleForm):
    number = forms.CharField(
        label=_("Case number"),
        help_text=_("For example CAS-2026-000042."),
        max_length=24,
        error_messages={"required": _("Give the case number.")},
    )
