"""Forms of the staff's collection pages. They parse input; the TLP 2.0 rules are checked again
by ``exchange.services.collections``."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigilance.core.forms import AccessibleForm
from vigilance.core.tlp import Tlp
from vigilance.exchange.selectors.collections import exchange_partners

# RED never leaves the platform: it is not even offered.
COLLECTION_MARKINGS = [(str(tlp.value), tlp.label) for tlp in Tlp if tlp != Tlp.RED]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CollectionForm(AccessibleForm):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens: partners may use it instead of the id."),
    )
    tlp = forms.ChoiceField(label=_("Marking"), choices=COLLECTION_MARKINGS)
    owner = OrganisationChoiceField(
        label=_("Owner (AMBER+STRICT only)"),
        queryset=exchange_partners(),
        required=False,
        help_text=_("The only organisation that reads an AMBER+STRICT collection."),
    )
    title_fr = forms.CharField(label=_("Title in French"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    description_fr = forms.CharField(
        label=_("Description in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        tlp, owner = cleaned.get("tlp"), cleaned.get("owner")
        if tlp == Tlp.AMBER_STRICT and owner is None:
            self.add_error("owner", _("Choose the organisation the collection belongs to."))
        if tlp and tlp != Tlp.AMBER_STRICT and owner is not None:
            self.add_error("owner", _("Leave the owner empty, or choose AMBER+STRICT."))
        return cleaned


class ReaderAddForm(AccessibleForm):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=exchange_partners(),
        help_text=_("A partner able to hold an exchange key."),
    )
    reason = forms.CharField(
        label=_("Need to know"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this partner needs the AMBER indicators: kept in the audit trail."),
    )


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Kept in the audit trail, with your name."),
    )
