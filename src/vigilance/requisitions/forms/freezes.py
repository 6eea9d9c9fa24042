"""Asking for a freeze from a case, the issuer's answer, and the release or return."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation
from vigilance.requisitions.forms.requisition import OrganisationChoice
from vigilance.requisitions.models import FreezeStatus
from vigilance.requisitions.models_freeze import ISSUER_KINDS


def issuers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=ISSUER_KINDS, is_active=True).order_by("name_fr")


class FreezeForm(forms.Form):
    prefix = "freeze"
    issuer = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Issuer"))
    account = forms.CharField(max_length=60, label=_("Receiving wallet (mobile number)"))
    sender_account = forms.CharField(
        max_length=60, required=False, label=_("Victim's wallet (mobile number)")
    )
    transaction_reference = forms.CharField(
        max_length=80, required=False, label=_("Transaction reference")
    )
    amount_asked = forms.IntegerField(min_value=1, label=_("Amount to freeze (FCFA)"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["issuer"].queryset = issuers()  # type: ignore[attr-defined]


ANSWERS = [
    (FreezeStatus.HELD, FreezeStatus.HELD.label),
    (FreezeStatus.INSUFFICIENT_FUNDS, FreezeStatus.INSUFFICIENT_FUNDS.label),
    (FreezeStatus.ALREADY_WITHDRAWN, FreezeStatus.ALREADY_WITHDRAWN.label),
    (FreezeStatus.MOVED_ON, FreezeStatus.MOVED_ON.label),
]


class FreezeAnswerForm(forms.Form):
    prefix = "answer"
    outcome = forms.ChoiceField(choices=ANSWERS, widget=forms.RadioSelect, label=_("Answer"))
    amount = forms.IntegerField(
        min_value=1,
        required=False,
        label=_("Amount (FCFA): held, or moved on"),
    )
    next_issuer = OrganisationChoice(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("If moved on: issuer of the next account"),
    )
    next_account = forms.CharField(
        max_length=60, required=False, label=_("If moved on: the next wallet (mobile number)")
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["next_issuer"].queryset = issuers()  # type: ignore[attr-defined]


class SettleForm(forms.Form):
    prefix = "settle"
    authority = forms.CharField(max_length=200, label=_("Authority that ordered it"))
