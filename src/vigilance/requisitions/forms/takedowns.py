"""The takedown forms: drafted from a case (any target) or from a cluster (one of its
identifiers), and the addressee's "done" and refusal."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation
from vigilance.requisitions.forms.requisition import SEPARATOR, OrganisationChoice
from vigilance.requisitions.models_takedown import TakedownAction, TakedownTarget
from vigilance.requisitions.selectors.takedowns import addressee_choices


class _TakedownForm(forms.Form):
    prefix = "takedown"
    addressee = OrganisationChoice(
        queryset=Organisation.objects.none(),
        label=_("Addressee"),
        help_text=_("The host, registrar or platform; an operator or the regulator for numbers."),
    )
    action = forms.ChoiceField(choices=TakedownAction.choices, label=_("Take down or block"))
    justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label=_("Justification"),
        help_text=_("The offence and what the cited reports show; the addressee reads it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = addressee_choices()  # type: ignore[attr-defined]


class CaseTakedownForm(_TakedownForm):
    target_type = forms.ChoiceField(choices=TakedownTarget.choices, label=_("What it aims at"))
    target = forms.CharField(max_length=2000, label=_("Target"))
    field_order = ["target_type", "target", "action", "addressee", "justification"]

    def chosen_target(self) -> tuple[str, str]:
        return self.cleaned_data["target_type"], self.cleaned_data["target"]


class ClusterTakedownForm(_TakedownForm):
    target = forms.ChoiceField(widget=forms.RadioSelect, label=_("Target"))
    field_order = ["target", "action", "addressee", "justification"]

    def __init__(self, *args: Any, targets: list[tuple[str, str, str]], **kwargs: Any) -> None:
        """``targets``: (type, normal form, label shown) of the cluster."""
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (f"{kind}{SEPARATOR}{value}", label) for kind, value, label in targets
        ]

    def chosen_target(self) -> tuple[str, str]:
        kind, value = self.cleaned_data["target"].split(SEPARATOR, 1)
        return kind, value


class DoneForm(forms.Form):
    prefix = "done"
    done_at = forms.DateTimeField(
        required=False,
        label=_("Done at"),
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class TakedownRefuseForm(forms.Form):
    prefix = "refuse"
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label=_("Reason")
    )
