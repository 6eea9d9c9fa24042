"""Forms of the analysts' partner-indicator pages: the list's filters and the decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.tlp import Tlp
from vigilance.exchange.selectors.partner_knowledge import (
    PartnerIndicatorFilters,
    partners_with_imports,
)
from vigilance.indicators.normalise import TYPES


class PartnerIndicatorFilterForm(AccessibleForm):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        required=False,
        queryset=partners_with_imports(),
        empty_label=_("Any partner"),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=lambda: [("", _("Any type")), *TYPES.items()]
    )
    tlp = forms.ChoiceField(
        label=_("Marking"), required=False, choices=lambda: [("", _("Any marking")), *Tlp.choices]
    )
    warning_listed = forms.ChoiceField(
        label=_("Warning list"),
        required=False,
        choices=[
            ("", _("Listed or not")),
            ("no", _("Not on a warning list")),
            ("yes", _("On a warning list")),
        ],
    )
    named = forms.BooleanField(label=_("Named in our reports"), required=False)

    def filters(self) -> PartnerIndicatorFilters:
        if not self.is_bound or not self.is_valid():
            return PartnerIndicatorFilters()
        data = self.cleaned_data
        listed = {"yes": True, "no": False}.get(data["warning_listed"])
        return PartnerIndicatorFilters(
            partner_id=data["partner"].pk if data["partner"] else None,
            type=data["type"],
            tlp=data["tlp"],
            warning_listed=listed,
            named_in_our_reports=bool(data["named"]),
        )


class PartnerIndicatorPushForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why list it as confirmed fraud"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the indicator's history, with your name and the partner's."),
    )
