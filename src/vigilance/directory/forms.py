"""Forms of the routing-rule pages: a rule, and the "test the rules" question."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Unit
from vigilance.core.forms import AccessibleForm
from vigilance.core.models import OffenceCategory, Region
from vigilance.directory.models import RoutingAction


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return str(obj)


def _category(required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Offence category"),
        queryset=OffenceCategory.objects.filter(is_active=True),
        required=required,
        empty_label=_("Any category") if not required else "---------",
    )


def _region(required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=required,
        empty_label=_("Any region") if not required else "---------",
    )


def _amount(label: Any, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


class RoutingRuleForm(AccessibleForm):
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("Rules are read in this order: the first matching 'send to' rule wins."),
    )
    name_fr = forms.CharField(label=_("Name in French"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    action = forms.ChoiceField(label=_("Action"), choices=RoutingAction.choices)
    category = _category(required=False)
    region = _region(required=False)
    min_amount = _amount(
        _("Minimum loss (XAF)"), _("The rule applies from this loss on. Leave empty for any loss.")
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(is_active=True).select_related("organisation"),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class RoutingTestForm(AccessibleForm):
    """Where would a report of this category, from this region, with this loss, go?"""

    category = _category(required=True)
    region = _region(required=False)
    amount = _amount(_("Loss (XAF)"), _("Leave empty if nothing was lost."))
