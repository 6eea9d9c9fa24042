"""Forms of the triage queue and of the staff report page: one small form per triage action."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.cases.models import Tlp
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _categories() -> Any:
    return OffenceCategory.objects.filter(is_active=True).order_by("position", "code")


class QueueFilterForm(forms.Form):
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
