"""The forms of requests abroad: the draft on the case's page and the step recorded."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation
from vigilance.requisitions.forms.requisition import (
    SEPARATOR,
    MultipleFileField,
    OrganisationChoice,
)
from vigilance.requisitions.models_abroad import ForeignRequestKind
from vigilance.requisitions.reference import country_choices, foreign_legal_bases
from vigilance.requisitions.selectors.abroad import foreign_addressee_choices


class ForeignDraftForm(forms.Form):
    prefix = "abroad"
    kind = forms.ChoiceField(choices=ForeignRequestKind.choices, label=_("Kind of request"))
    addressee = OrganisationChoice(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Addressee"),
        help_text=_("Leave empty and name it below when it is not in the directory."),
    )
    addressee_name = forms.CharField(
        max_length=200, required=False, label=_("Addressee not in the directory")
    )
    country = forms.ChoiceField(label=_("Country"))
    legal_basis = forms.ChoiceField(label=_("Legal basis"))
    asked = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, label=_("What is asked")
    )
    identifiers = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Identifiers concerned")
    )

    def __init__(self, *args: Any, identifiers: list[tuple[str, str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = foreign_addressee_choices()  # type: ignore[attr-defined]
        self.fields["country"].choices = [("", "—"), *country_choices()]  # type: ignore[attr-defined]
        self.fields["legal_basis"].choices = [  # type: ignore[attr-defined]
            (basis.code, basis.name) for basis in foreign_legal_bases()
        ]
        self.fields["identifiers"].choices = [  # type: ignore[attr-defined]
            (f"{kind}{SEPARATOR}{value}", label) for kind, value, label in identifiers
        ]

    def chosen_identifiers(self) -> list[tuple[str, str]]:
        pairs = (item.split(SEPARATOR, 1) for item in self.cleaned_data["identifiers"])
        return [(kind, value) for kind, value in pairs]


class ForeignRecordForm(forms.Form):
    prefix = "record"
    outcome = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            ("acknowledged", _("Acknowledged")),
            ("answered", _("Answered")),
            ("refused", _("Refused")),
            ("no_answer", _("No answer")),
        ],
    )
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        required=False,
        label=_("Summary of the answer or reason for the refusal"),
    )
    documents = MultipleFileField(
        required=False,
        label=_("Documents received"),
        help_text=_(
            "Kept as evidence of the case: PDF documents, pictures or text files, five at most."
        ),
    )
