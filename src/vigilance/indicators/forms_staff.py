"""Forms of the analysts' indicator pages. They only parse input: values are normalised and the
rules checked by ``indicators.selectors`` and ``indicators.analysis``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.tlp import Tlp
from vigilance.indicators.analysis import DisputeDecision
from vigilance.indicators.models import IndicatorStatus
from vigilance.indicators.normalise import TYPES


def _type_choices(empty: object | None) -> list[tuple[str, object]]:
    choices: list[tuple[str, object]] = [("", empty)] if empty is not None else []
    return choices + list(TYPES.items())


class IndicatorSearchForm(AccessibleForm):
    value = forms.CharField(
        label=_("Value"),
        required=False,
        max_length=500,
        help_text=_("A number, address, link, account... as written: it is normalised first."),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=lambda: _type_choices(_("Any type"))
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=lambda: [("", _("Any status")), *IndicatorStatus.choices],
    )


class IndicatorStatusForm(AccessibleForm):
    status = forms.ChoiceField(label=_("New status"), choices=IndicatorStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the indicator's history, with your name."),
    )


class IndicatorTlpForm(AccessibleForm):
    prefix = "marking"

    tlp = forms.ChoiceField(
        label=_("New TLP marking"),
        choices=Tlp.choices,
        help_text=_(
            "TLP:RED never leaves the platform nor shows as confirmed on the public check; "
            "TLP:AMBER+STRICT goes only to the organisation of its provider."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the indicator's history, with your name."),
    )


class WarningListForm(AccessibleForm):
    type = forms.ChoiceField(label=_("Type"), choices=lambda: _type_choices(None))
    value = forms.CharField(label=_("Value"), max_length=500)
    is_suffix = forms.BooleanField(
        label=_("Also every domain under it (domains only)"), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DisputeDecisionForm(AccessibleForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (DisputeDecision.UPHOLD, _("Uphold: the indicator becomes a false positive")),
            (DisputeDecision.REJECT, _("Reject: the indicator keeps its status")),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: kept with the decision and, when upheld, in the indicator's history."),
    )


class EarlyWarningCreateForm(AccessibleForm):
    type = forms.ChoiceField(choices=lambda: _type_choices(None), widget=forms.HiddenInput)
    value = forms.CharField(max_length=500, widget=forms.HiddenInput)
