"""The draft form on a case's requisitions page, and the partner's answer and refusal forms."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.accounts.models import Organisation
from vigilance.requisitions.models import LegalBasis, RequisitionKind, Urgency
from vigilance.requisitions.selectors.requisition import addressee_choices, legal_basis_choices

SEPARATOR = "\x1f"  # between an identifier's type and value in a checkbox value


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DraftForm(forms.Form):
    prefix = "draft"
    addressee = OrganisationChoice(queryset=Organisation.objects.none(), label=_("Addressee"))
    kind = forms.ChoiceField(choices=RequisitionKind.choices, label=_("What is asked"))
    identifiers = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label=_("Identifiers concerned")
    )
    period_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_basis = OrganisationChoice(queryset=LegalBasis.objects.none(), label=_("Legal basis"))
    urgency = forms.ChoiceField(choices=Urgency.choices, label=_("Urgency"))
    grounds = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Grounds"),
        help_text=_(
            "Why this is needed: required when the legal basis needs a magistrate's "
            "authorisation, who reads it (and not the case)."
        ),
    )

    def __init__(self, *args: Any, identifiers: list[tuple[str, str, str]], **kwargs: Any):
        """``identifiers``: (type, value, label shown) of the case."""
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = addressee_choices()  # type: ignore[attr-defined]
        self.fields["legal_basis"].queryset = legal_basis_choices()  # type: ignore[attr-defined]
        self.fields["identifiers"].choices = [  # type: ignore[attr-defined]
            (f"{kind}{SEPARATOR}{value}", label) for kind, value, label in identifiers
        ]

    def chosen_identifiers(self) -> list[tuple[str, str]]:
        pairs = (item.split(SEPARATOR, 1) for item in self.cleaned_data["identifiers"])
        return [(kind, value) for kind, value in pairs]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: dt.date | None = cleaned.get("period_from")
        end: dt.date | None = cleaned.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The end of the period comes after its start."))
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked again by the evidence service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class AnswerForm(forms.Form):
    prefix = "answer"
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, label=_("Answer")
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Files"),
        help_text=_("PDF documents, pictures or text files, five at most."),
    )


class AuthorisationForm(forms.Form):
    """A magistrate's paper authorisation, recorded by a supervisor."""

    prefix = "authorisation"
    magistrate = forms.CharField(max_length=200, label=_("Magistrate (name and office)"))
    number = forms.CharField(max_length=60, label=_("Authorisation number"))
    issued_on = forms.DateField(
        label=_("Date of the authorisation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(
        label=_("Scanned authorisation"), help_text=_("A PDF document or a picture.")
    )


class RefuseForm(forms.Form):
    prefix = "refuse"
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label=_("Reason")
    )
